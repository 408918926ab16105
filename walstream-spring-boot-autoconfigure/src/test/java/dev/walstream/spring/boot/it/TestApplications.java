package dev.walstream.spring.boot.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.Lsn;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.testing.PostgresServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Starts Spring Boot applications that stream from a test database, and reads the slot's state.
 */
final class TestApplications {

	/** How long a test waits for the runner to reach a state. */
	static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Frequent status updates and slot checks, quick reconnections, and the walstream endpoint. */
	static final String[] MONITORING = { "walstream.feedback-interval=1s", "walstream.health-check-interval=500ms",
			"management.endpoints.web.exposure.include=walstream", "walstream.retry.initial-delay=100ms",
			"walstream.retry.max-delay=500ms" };

	private TestApplications() {
	}

	/**
	 * Creates a database with an {@code orders (id bigint PRIMARY KEY, quantity int)} table.
	 */
	static String ordersDatabase(PostgresServer server) {
		String database = server.createDatabase();
		server.execute(database, "CREATE TABLE orders (id bigint PRIMARY KEY, quantity int)");
		return database;
	}

	/**
	 * Starts an application with the given listener beans, streaming slot {@code slot_<database>} of
	 * publication {@code pub} (all tables), with fast listener retries and a short standby interval.
	 */
	static ConfigurableApplicationContext start(PostgresServer server, String database, Class<?> listeners,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("walstream.connection.url=" + server.jdbcUrl(database),
				"walstream.connection.username=" + server.superuser(),
				"walstream.connection.password=" + server.superuserPassword(), "walstream.slot.name=" + slot(database),
				"walstream.publication.names=pub", "walstream.publication.create=true",
				"walstream.listener.retry.max-retries=1", "walstream.listener.retry.delay=10ms",
				"walstream.slot.standby-interval=200ms", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(Application.class, listeners).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static String slot(String database) {
		return "slot_" + database;
	}

	static ReplicationRunner runner(ConfigurableApplicationContext context) {
		return context.getBean(ReplicationRunner.class);
	}

	static void awaitState(ConfigurableApplicationContext context, RunnerState state) {
		await().atMost(TIMEOUT).until(() -> runner(context).getState() == state);
	}

	static Health health(ConfigurableApplicationContext context) {
		return context.getBean("walstreamHealthContributor", HealthIndicator.class).health();
	}

	static Lsn currentWalLsn(PostgresServer server) {
		return Lsn.parse(server.queryForString("SELECT pg_current_wal_lsn()"));
	}

	static Lsn confirmedFlushLsn(PostgresServer server, String database) {
		String value = server.queryForString(
				"SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot(database) + "'");
		return (value != null) ? Lsn.parse(value) : Lsn.INVALID;
	}

	static boolean slotActive(PostgresServer server, String database) {
		return "t".equals(server
			.queryForString("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot(database) + "'"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
