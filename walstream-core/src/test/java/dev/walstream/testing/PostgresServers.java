package dev.walstream.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers a test may use, one per {@link PgVersion}, configured like the test's
 * {@link PostgresServer} parameters: by the nearest {@link EmbeddedPostgres @EmbeddedPostgres} of
 * the test method or class.
 *
 * <p>
 * It runs one test on every version, starting each server on first use:
 *
 * <pre class="code">
 * &#064;ParameterizedTest
 * &#064;EnumSource(PgVersion.class)
 * void decodesInserts(PgVersion version, PostgresServers servers) {
 *     PostgresServer server = servers.get(version);
 *     String database = server.createDatabase();
 *     ...
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class PostgresServers {

	private final ExtensionContext context;

	private final EmbeddedPostgresExtension.Config config;

	PostgresServers(ExtensionContext context, EmbeddedPostgresExtension.Config config) {
		this.context = context;
		this.config = config;
	}

	/**
	 * Return the server of the configured version.
	 * @return the server, shared unless configured otherwise
	 */
	public PostgresServer get() {
		return EmbeddedPostgresExtension.server(this.config, this.context);
	}

	/**
	 * Return the server of a version, with the configured settings and rules.
	 * @param version the major version
	 * @return the server, shared unless configured otherwise
	 */
	public PostgresServer get(PgVersion version) {
		return EmbeddedPostgresExtension.server(this.config.withVersion(version), this.context);
	}

	/**
	 * Start a server of the test's own, which the test may stop, restart or crash; it is closed when the
	 * test method (or class, for a class-level {@code PostgresServers}) ends.
	 * @param builder the server's version and configuration
	 * @return the running server
	 */
	public PostgresServer startOwn(PostgresServer.Builder builder) {
		return EmbeddedPostgresExtension.startOwn(builder, this.context);
	}

}
