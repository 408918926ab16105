package dev.walstream.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.walstream.event.Operation;

/**
 * Marks a bean method that receives changes from the PostgreSQL replication stream.
 *
 * <p>Parameters are resolved by type:
 * <ul>
 * <li>{@link dev.walstream.event.ChangeEvent}: the event;</li>
 * <li>{@link dev.walstream.event.Row}: the row of the change (the new row of an insert or update,
 * the old row of a delete);</li>
 * <li>any other class, record or POJO: bound from the row, each column to the record component,
 * constructor parameter or property of the same name, {@code snake_case} columns to
 * {@code camelCase} names;</li>
 * <li>{@code List<ChangeEvent>}: the method receives whole transactions instead of single events,
 * once per transaction that has at least one matching event, with the matching events in commit
 * order;</li>
 * <li>a parameter annotated with {@link WalHeader @WalHeader}: the commit LSN, transaction id,
 * commit time, table or operation.</li>
 * </ul>
 * Signatures are checked when the bean is created; a method that cannot be served fails start-up
 * with a message naming it. The method must return {@code void}: the transaction is acknowledged
 * to the server as soon as every matching listener returned, so work still running would be lost
 * on a crash.
 *
 * <p>A listener that throws is retried with the configured back-off; then the
 * {@link dev.walstream.spring.listener.WalListenerErrorHandler} decides whether the event is
 * skipped or the stream stops without acknowledging it.
 *
 * @since 0.1.0
 * @see EnableWalListeners
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WalListener {

	/**
	 * The listener's unique id in the {@link dev.walstream.spring.listener.WalListenerRegistry};
	 * {@code beanName.methodName} when empty. Placeholders are resolved.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The tables whose changes the method receives: {@code schema.table}, a bare {@code table} in
	 * the {@code public} schema, with {@code *} matching any run of characters within a name
	 * ({@code sales.*}, {@code *.audit_log}); {@code *} or no table at all means every table.
	 * Placeholders are resolved. Messages are not tied to tables and are not filtered by this.
	 * @return the table patterns
	 */
	String[] tables() default {};

	/**
	 * The kinds of change the method receives: {@link Operation#INSERT}, {@link Operation#UPDATE},
	 * {@link Operation#DELETE}, {@link Operation#TRUNCATE} and {@link Operation#MESSAGE}. Empty,
	 * the default, means inserts, updates and deletes; truncates and messages carry no row and are
	 * received only when listed.
	 * @return the operations
	 */
	Operation[] events() default {};

	/**
	 * Whether the listener receives events as soon as the stream starts; {@code "false"} leaves it
	 * idle until it is started through the registry, and it never sees the events streamed before.
	 * Placeholders are resolved.
	 * @return {@code "true"}, {@code "false"} or a placeholder
	 */
	String autoStartup() default "true";

}
