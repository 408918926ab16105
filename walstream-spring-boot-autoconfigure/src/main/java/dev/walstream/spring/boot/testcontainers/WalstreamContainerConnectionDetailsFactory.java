package dev.walstream.spring.boot.testcontainers;

import dev.walstream.spring.boot.autoconfigure.WalstreamConnectionDetails;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.SslMode;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * {@link ContainerConnectionDetailsFactory} to create {@link WalstreamConnectionDetails} from a
 * {@link ServiceConnection @ServiceConnection}-annotated {@link PostgreSQLContainer}. The container
 * must run with {@code wal_level=logical}, for example
 * {@code new PostgreSQLContainer("postgres:17").withCommand("postgres", "-c", "wal_level=logical")}.
 *
 * @since 0.1.0
 */
class WalstreamContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<PostgreSQLContainer, WalstreamConnectionDetails> {

	WalstreamContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "dev.walstream.stream.LogicalReplicationStream");
	}

	@Override
	protected WalstreamConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<PostgreSQLContainer> source) {
		return new PostgresContainerConnectionDetails(source);
	}

	/**
	 * Returns the connection to a container: the container's own user, a superuser, may replicate.
	 * TLS is preferred, not required, since test containers rarely have certificates.
	 * @param container the container, started
	 * @return the connection
	 */
	static ConnectionConfig connectionConfig(PostgreSQLContainer container) {
		return ConnectionConfig.builder()
			.host(container.getHost())
			.port(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT))
			.database(container.getDatabaseName())
			.user(container.getUsername())
			.password(container.getPassword())
			.sslMode(SslMode.PREFER)
			.build();
	}

	/**
	 * {@link WalstreamConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	private static final class PostgresContainerConnectionDetails extends ContainerConnectionDetails<PostgreSQLContainer>
			implements WalstreamConnectionDetails {

		PostgresContainerConnectionDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
			super(source);
		}

		@Override
		public ConnectionConfig getConnectionConfig() {
			return connectionConfig(getContainer());
		}

	}

}
