package dev.walstream.sample.shop;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the shop's tables through the application's DataSource. Each method is one transaction, so
 * each arrives at the listeners whole, at its commit.
 *
 * @since 0.1.0
 */
@Service
public class OrderService {

	/** The prefix of the logical decoding messages an order writes. */
	public static final String MESSAGE_PREFIX = "shop";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	public OrderService(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Place an order: take the items from stock, insert the order and its lines, and write a logical
	 * decoding message about it, all in one transaction.
	 * @param customer who orders
	 * @param quantities how many of each product, by SKU
	 * @return the new order's id
	 * @throws IllegalArgumentException if a product is unknown or out of stock; nothing is written
	 */
	public long placeOrder(String customer, Map<String, Integer> quantities) {
		if (quantities.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		Long id = this.transaction.execute((status) -> {
			Map<String, BigDecimal> prices = new LinkedHashMap<>();
			BigDecimal total = BigDecimal.ZERO;
			for (Map.Entry<String, Integer> line : quantities.entrySet()) {
				BigDecimal price = takeFromStock(line.getKey(), line.getValue());
				prices.put(line.getKey(), price);
				total = total.add(price.multiply(BigDecimal.valueOf(line.getValue())));
			}
			long orderId = this.jdbc.sql("INSERT INTO orders (customer, total) VALUES (?, ?) RETURNING id")
				.params(customer, total)
				.query(Long.class)
				.single();
			for (Map.Entry<String, BigDecimal> line : prices.entrySet()) {
				this.jdbc.sql("INSERT INTO order_line (order_id, sku, quantity, price) VALUES (?, ?, ?, ?)")
					.params(orderId, line.getKey(), quantities.get(line.getKey()), line.getValue())
					.update();
			}
			this.jdbc.sql("SELECT pg_logical_emit_message(true, ?, ?)")
				.params(MESSAGE_PREFIX, "{\"event\":\"order-placed\",\"orderId\":" + orderId + ",\"total\":" + total + "}")
				.query()
				.singleValue();
			return orderId;
		});
		return (id != null) ? id : -1;
	}

	/**
	 * Take items from stock and return their unit price.
	 */
	private BigDecimal takeFromStock(String sku, int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("Quantity of " + sku + " must be positive, not " + quantity);
		}
		int taken = this.jdbc.sql("UPDATE inventory SET on_hand = on_hand - ? WHERE sku = ? AND on_hand >= ?")
			.params(quantity, sku, quantity)
			.update();
		if (taken == 0) {
			throw new IllegalArgumentException("Product " + sku + " is unknown or has fewer than " + quantity + " on hand");
		}
		return this.jdbc.sql("SELECT price FROM product WHERE sku = ?").param(sku).query(BigDecimal.class).single();
	}

	/**
	 * Ship the oldest new order.
	 * @return its id, or {@code null} if there is none
	 */
	public @Nullable Long shipOldest() {
		return this.jdbc.sql("UPDATE orders SET status = 'SHIPPED' WHERE id = (SELECT min(id) FROM orders"
				+ " WHERE status = 'NEW') RETURNING id")
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Archive (delete) the oldest shipped order; its lines go with it.
	 * @return its id, or {@code null} if there is none
	 */
	public @Nullable Long archiveOldest() {
		return this.jdbc.sql("DELETE FROM orders WHERE id = (SELECT min(id) FROM orders WHERE status = 'SHIPPED')"
				+ " RETURNING id")
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Bring every product that runs low back to 50 on hand.
	 * @return how many products were restocked
	 */
	public int restock() {
		return this.jdbc.sql("UPDATE inventory SET on_hand = 50 WHERE on_hand < 10").update();
	}

	/**
	 * Return the SKUs of all products.
	 * @return the SKUs, sorted
	 */
	public List<String> skus() {
		return this.jdbc.sql("SELECT sku FROM product ORDER BY sku").query(String.class).list();
	}

}
