package dev.walstream.spring.listener;

/**
 * Decides what happens when a listener still fails after its retries. The decision is about the
 * position on the server: a skipped event counts as handled, and the transaction is acknowledged
 * once every listener is done with it; a stop leaves the transaction unacknowledged, so the server
 * sends it again when streaming restarts. An exception thrown by the handler counts as
 * {@link Resolution#STOP}.
 *
 * <p>Declare a bean to replace the one configured by {@code walstream.listener.error-handling}, for
 * example to write failed events to a dead-letter table and carry on:
 *
 * <pre class="code">
 * &#064;Bean
 * WalListenerErrorHandler deadLetters(JdbcClient jdbc) {
 *     return (failure) -&gt; {
 *         jdbc.sql("INSERT INTO dead_letter (listener, lsn, error) VALUES (?, ?, ?)")
 *             .params(failure.listenerId(), failure.events().get(0).lsn().toString(), failure.cause().toString())
 *             .update();
 *         return Resolution.SKIP;
 *     };
 * }
 * </pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WalListenerErrorHandler {

	/**
	 * Handles a failure. Called on the runner's thread; the stream waits meanwhile.
	 * @param failure what failed
	 * @return whether to skip the event or stop streaming
	 */
	Resolution handle(WalListenerFailure failure);

	/**
	 * Returns a handler that logs the failure and stops streaming, so that nothing is lost: the
	 * default.
	 * @return the handler
	 */
	static WalListenerErrorHandler logAndStop() {
		return new LoggingErrorHandler(Resolution.STOP);
	}

	/**
	 * Returns a handler that logs the failure and skips the event.
	 * @return the handler
	 */
	static WalListenerErrorHandler logAndSkip() {
		return new LoggingErrorHandler(Resolution.SKIP);
	}

	/**
	 * What to do with an event a listener could not handle.
	 */
	enum Resolution {

		/** Count the event as handled and go on with the next. */
		SKIP,

		/**
		 * Stop streaming without acknowledging the event's transaction: it is delivered again when
		 * the runner (or the application) restarts.
		 */
		STOP

	}

}
