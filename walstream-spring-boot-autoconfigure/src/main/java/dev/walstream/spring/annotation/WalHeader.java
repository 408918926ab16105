package dev.walstream.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link WalListener @WalListener} method parameter to a piece of the event's metadata
 * rather than its data, as {@code @Header} does for messaging listeners:
 *
 * <pre class="code">
 * &#064;WalListener(tables = "public.orders")
 * void on(Order order, &#064;WalHeader(WalHeader.Name.LSN) Lsn lsn, &#064;WalHeader(WalHeader.Name.XID) long xid) {
 * }
 * </pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WalHeader {

	/**
	 * Which metadata the parameter receives.
	 * @return the header's name
	 */
	Name value();

	/**
	 * The metadata a parameter can receive, with the parameter type each needs.
	 */
	enum Name {

		/** The commit LSN of the event's transaction, as a {@link dev.walstream.Lsn}. */
		LSN,

		/** The transaction id, as a {@code long} or {@code Long} (0 for a non-transactional message). */
		XID,

		/** When the transaction committed, as an {@link java.time.Instant} (may be {@code null}). */
		COMMIT_TIME,

		/**
		 * The changed table as {@code schema.table}, as a {@code String}; {@code null} for a truncate
		 * or a message. Not available to methods that receive whole transactions.
		 */
		TABLE,

		/**
		 * The kind of change, as a {@link dev.walstream.event.Operation}. Not available to methods
		 * that receive whole transactions.
		 */
		OPERATION

	}

}
