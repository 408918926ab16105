package dev.walstream.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a real PostgreSQL server: test methods, lifecycle methods and constructors get a
 * {@link PostgresServer} or {@link PostgresServers} parameter, and non-final fields of type
 * {@link PostgresServer} are injected.
 *
 * <p>
 * The annotation configures the server. A parameter uses its own annotation if it has one, else the
 * nearest one of its method, its class, the class's superclasses and its enclosing classes; a field
 * uses its own, else its class's. Without any, a server of the {@linkplain PgVersion#defaultVersion()
 * default version} with the baseline settings. Servers are started lazily and, unless {@link #shared()} is {@code false}, shared
 * by every test in the JVM with the same version, settings and rules; they stop when the test run
 * ends.
 *
 * <pre class="code">
 * &#064;EmbeddedPostgres(version = 16, settings = "logical_decoding_work_mem=64kB")
 * class StreamingIT {
 *
 *     &#064;Test
 *     void streamsLargeTransactions(PostgresServer server) {
 *         String database = server.createDatabase();
 *         ...
 *     }
 *
 *     &#064;Test
 *     &#064;EmbeddedPostgres(version = 16, shared = false)
 *     void resumesAfterCrash(PostgresServer server) {
 *         ...
 *         server.restart(ShutdownMode.IMMEDIATE);
 *     }
 *
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see PostgresServers
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedPostgresExtension.class)
public @interface EmbeddedPostgres {

	/**
	 * The major version, 14 to 18; {@code 0}, the default, means {@linkplain PgVersion#defaultVersion()
	 * the default version}: 17, unless the {@value PgVersion#DEFAULT_VERSION_PROPERTY} system property
	 * says otherwise.
	 * @return the major version
	 */
	int version() default 0;

	/**
	 * {@code postgresql.conf} settings of the form {@code name=value} on top of the baseline, such as
	 * {@code "wal_sender_timeout=5s"}; {@code port} and {@code fsync} are not available.
	 * @return the settings
	 */
	String[] settings() default {};

	/**
	 * {@code pg_hba.conf} rules checked before the default rules, which trust every local connection,
	 * such as {@code "host all alice 127.0.0.1/32 scram-sha-256"}.
	 * @return the rules, one line each
	 */
	String[] hba() default {};

	/**
	 * Whether the server is shared with every other test that asks for the same version, settings and
	 * rules. A test that stops, restarts or crashes its server sets it to {@code false} and gets a
	 * server of its own for the annotated class, method, field or parameter, stopped when that ends.
	 * @return whether the server is shared
	 */
	boolean shared() default true;

}
