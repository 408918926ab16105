package dev.walstream.spring.boot.testcontainers;

import dev.walstream.spring.boot.autoconfigure.WalstreamConnectionDetails;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.SslMode;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The factory without Docker: its registration, its types, and the mapping from a container (here a
 * mock standing in for a started one).
 */
class WalstreamContainerConnectionDetailsFactoryTests {

	@Test
	void isRegisteredAsConnectionDetailsFactory() {
		// other modules' factories may need classes this test's class path lacks: ignore those
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(ConnectionDetailsFactory.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}))).hasAtLeastOneElementOfType(WalstreamContainerConnectionDetailsFactory.class);
	}

	@Test
	void turnsPostgresContainersIntoWalstreamConnectionDetails() {
		ResolvableType factory = ResolvableType.forClass(WalstreamContainerConnectionDetailsFactory.class)
			.as(ConnectionDetailsFactory.class);
		assertThat(factory.getGeneric(0).getGeneric(0).toClass()).isEqualTo(PostgreSQLContainer.class);
		assertThat(factory.getGeneric(1).toClass()).isEqualTo(WalstreamConnectionDetails.class);
	}

	@Test
	void connectsToTheContainersMappedPortAsItsUser() {
		PostgreSQLContainer container = mock(PostgreSQLContainer.class);
		given(container.getHost()).willReturn("docker.example.com");
		given(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)).willReturn(49153);
		given(container.getDatabaseName()).willReturn("test");
		given(container.getUsername()).willReturn("tester");
		given(container.getPassword()).willReturn("s3cret");
		ConnectionConfig config = WalstreamContainerConnectionDetailsFactory.connectionConfig(container);
		assertThat(config.host()).isEqualTo("docker.example.com");
		assertThat(config.port()).isEqualTo(49153);
		assertThat(config.database()).isEqualTo("test");
		assertThat(config.user()).isEqualTo("tester");
		assertThat(config.driverPropertiesForConnection(true)).containsEntry("password", "s3cret");
		// a remote Docker host would otherwise default to verify-full, which a test container cannot pass
		assertThat(config.sslMode()).isEqualTo(SslMode.PREFER);
	}

}
