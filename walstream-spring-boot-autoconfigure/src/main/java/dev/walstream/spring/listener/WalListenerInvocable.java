package dev.walstream.spring.listener;

/**
 * The code behind a {@link WalListenerEndpoint}: an annotated method's adapter, or a lambda for
 * listeners registered programmatically.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WalListenerInvocable {

	/**
	 * Handles an event or a transaction; returning normally means handled.
	 * @param invocation what to handle
	 * @throws Exception when the listener failed
	 */
	void invoke(WalInvocation invocation) throws Exception;

}
