package dev.walstream.spring.boot.testcontainers;

import java.time.Duration;

import dev.walstream.spring.boot.autoconfigure.PropertiesWalstreamConnectionDetails;
import dev.walstream.spring.boot.autoconfigure.WalstreamConnectionDetails;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @ServiceConnection} container feeds the starter's connection. Needs Docker; skipped
 * without it (the factory's mapping is tested without Docker too).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "walstream.slot.name=tc_slot", "walstream.publication.names=tc_pub",
		"walstream.publication.create=true" })
class ServiceConnectionIT {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17").withCommand("postgres", "-c",
			"wal_level=logical");

	@Autowired
	private WalstreamConnectionDetails connectionDetails;

	@Autowired
	private ReplicationRunner runner;

	@Test
	void streamsFromTheContainer() {
		assertThat(this.connectionDetails).isNotInstanceOf(PropertiesWalstreamConnectionDetails.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.runner.getState() == RunnerState.STREAMING);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
