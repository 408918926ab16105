package dev.walstream.spring.listener.adapter;

import dev.walstream.spring.listener.WalInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Supplies one parameter of a listener method from an invocation. One is chosen per parameter when
 * the method is registered, so nothing is looked up per event.
 */
@FunctionalInterface
interface ArgumentResolver {

	@Nullable Object resolve(WalInvocation invocation);

}
