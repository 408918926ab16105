package dev.walstream.sample.shop;

/**
 * Where an order is, as {@code orders.status} holds it.
 *
 * @since 0.1.0
 */
public enum OrderStatus {

	/** Placed, not yet shipped. */
	NEW,

	/** On its way; archived (deleted) a little later. */
	SHIPPED

}
