package dev.walstream.spring.boot.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import dev.walstream.spring.annotation.WalListener;
import dev.walstream.spring.boot.autoconfigure.WalstreamConnectionDetails;
import dev.walstream.spring.boot.autoconfigure.WalstreamProperties;
import dev.walstream.spring.listener.FailureKind;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.StreamStatus;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.walstream.spring.boot.it.TestApplications.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8's secrets requirement against a real server and a real web application: a distinctive
 * password, set through {@code walstream.connection.password}, a {@code walstream.connection.url}
 * or the {@code spring.datasource.*} fallback, appears in no Actuator response ({@code health} with
 * details, {@code configprops}, {@code env}, {@code walstream}, over HTTP), no {@code toString()} of
 * the configuration beans, and no log line (the application's console through Logback, pgjdbc's
 * trace at FINEST) while the application starts, streams and loses its connection; a wrong
 * password fails the runner at once, without retrying, and shows neither password either.
 */
@EmbeddedPostgres(hba = { "host all walstream_secret 127.0.0.1/32 scram-sha-256",
		"host all walstream_secret ::1/128 scram-sha-256" })
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT {

	private static final String ROLE = "walstream_secret";

	private static final String PASSWORD = "Sekr1t-Wal-9f3c";

	private static final String WRONG_PASSWORD = "N0t-The-Pa55-71b2";

	private static final List<String> ENDPOINTS = List.of("health", "health/walstream", "configprops", "env",
			"env/walstream.connection.password", "env/spring.datasource.password", "walstream");

	static PostgresServer server;

	/** Each way to pass the password, and how configprops shows the property that holds it. */
	static Stream<Arguments> connections() {
		return Stream.of(
				Arguments.of("walstream.connection.password", "\"password\":\"******\"",
						(Connection) (database) -> List.of("walstream.connection.url=" + server.jdbcUrl(database),
								"walstream.connection.username=" + ROLE, "walstream.connection.password=" + PASSWORD)),
				Arguments.of("password in walstream.connection.url", "\"url\":\"******\"",
						(Connection) (database) -> List.of("walstream.connection.url=" + server.jdbcUrl(database)
								+ "?user=" + ROLE + "&password=" + PASSWORD)),
				Arguments.of("spring.datasource fallback", "\"password\":\"******\"",
						(Connection) (database) -> List.of("spring.datasource.url=" + server.jdbcUrl(database),
								"spring.datasource.username=" + ROLE, "spring.datasource.password=" + PASSWORD)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("connections")
	void passwordAppearsInNoEndpointDescriptionOrLogWhileStreamingAndReconnecting(String name, String masked,
			Connection connection, CapturedOutput output) throws Exception {
		String database = database();
		List<String> driverLog = new CopyOnWriteArrayList<>();
		try (DriverTrace trace = new DriverTrace(driverLog);
				ConfigurableApplicationContext context = start(database, connection.properties(database))) {
			Orders orders = context.getBean(Orders.class);
			ReplicationRunner runner = context.getBean(ReplicationRunner.class);
			await().atMost(TIMEOUT).until(() -> runner.getState() == RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 1);

			// the connection is lost: the runner logs the failure and reconnects with the same password
			server.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '"
					+ runner.getSlotName() + "' AND active_pid IS NOT NULL");
			server.execute(database, "INSERT INTO orders VALUES (2, 1)");
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 2);
			StreamStatus status = runner.getStatus();
			assertThat(status).isNotNull();
			assertThat(status.reconnects()).isPositive();

			List<String> texts = new ArrayList<>(endpointResponses(context));
			texts.add(context.getBean(WalstreamProperties.class).toString());
			texts.add(context.getBean(WalstreamProperties.class).getConnection().toString());
			texts.add(context.getBean(WalstreamConnectionDetails.class).toString());
			texts.add(context.getBean(WalstreamConnectionDetails.class).getConnectionConfig().toString());
			texts.add(context.getBean(ReplicationStreamConfig.class).toString());
			texts.add(runner.toString());
			texts.add(status.toString());
			assertThat(texts).noneMatch((text) -> text.contains(PASSWORD));
			assertThat(String.join("\n", texts)).as("the property holding the password is shown masked")
				.contains(masked)
				.contains("\"status\":\"UP\"");
		}
		assertThat(driverLog).as("pgjdbc's protocol trace was captured").anyMatch((line) -> line.contains("FE=>"));
		assertThat(output.getOut()).as("the reconnection was logged").contains("reconnecting");
		assertThat(driverLog).noneMatch((line) -> line.contains(PASSWORD));
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void wrongPasswordFailsTheRunnerAtOnceWithoutRetryAndAppearsNowhere(CapturedOutput output) throws Exception {
		String database = database();
		List<String> driverLog = new CopyOnWriteArrayList<>();
		ServerLog serverLog = server.log().fromNow();
		try (DriverTrace trace = new DriverTrace(driverLog);
				ConfigurableApplicationContext context = start(database, List.of(
						"walstream.connection.url=" + server.jdbcUrl(database), "walstream.connection.username=" + ROLE,
						"walstream.connection.password=" + WRONG_PASSWORD, "walstream.retry.initial-delay=100ms",
						"walstream.retry.max-delay=100ms"))) {
			ReplicationRunner runner = context.getBean(ReplicationRunner.class);
			await().atMost(TIMEOUT).until(() -> runner.getState() == RunnerState.FAILED);
			assertThat(runner.getFailureKind()).isEqualTo(FailureKind.AUTHENTICATION);
			assertThat(runner.isRunning()).isFalse();
			// not retried: with a 100 ms back-off a retry loop would have tried again many times by now
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
				.until(() -> authenticationFailures(serverLog) == 1);

			List<String> texts = endpointResponses(context);
			assertThat(String.join("\n", texts)).contains("\"status\":\"DOWN\"")
				.contains("\"error\":\"authentication\"")
				.contains("password authentication failed");
			assertThat(texts).noneMatch((text) -> text.contains(WRONG_PASSWORD) || text.contains(PASSWORD));
		}
		assertThat(output.getOut()).as("the failure was logged").contains("password authentication failed");
		assertThat(driverLog).noneMatch((line) -> line.contains(WRONG_PASSWORD));
		assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD);
	}

	private static long authenticationFailures(ServerLog serverLog) {
		return serverLog.lines()
			.stream()
			.filter((line) -> line.contains("password authentication failed for user \"" + ROLE + "\""))
			.count();
	}

	/**
	 * A database with a published table, readable by the least-privileged role that streams it.
	 */
	private static String database() {
		String database = server.createDatabase();
		server.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN REPLICATION; "
				+ "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
		server.execute("SET password_encryption = 'scram-sha-256'; ALTER ROLE " + ROLE + " PASSWORD '" + PASSWORD + "'");
		server.execute(database, "CREATE TABLE orders (id bigint PRIMARY KEY, quantity int);"
				+ "CREATE PUBLICATION pub FOR TABLE orders; GRANT SELECT ON orders TO " + ROLE);
		return database;
	}

	private static ConfigurableApplicationContext start(String database, List<String> connection) {
		List<String> properties = new ArrayList<>(connection);
		properties.addAll(List.of("server.port=0", "walstream.slot.name=slot_" + database,
				"walstream.publication.names=pub",
				"walstream.health-check-interval=500ms", "walstream.retry.initial-delay=100ms",
				"management.endpoints.web.exposure.include=health,configprops,env,walstream",
				"management.endpoint.health.show-details=always", "logging.level.dev.walstream=TRACE",
				"spring.main.banner-mode=off"));
		return new SpringApplicationBuilder(TestApplications.Application.class, Orders.class)
			.web(WebApplicationType.SERVLET)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/**
	 * Calls every exposed endpoint over HTTP, as an operator would.
	 */
	private static List<String> endpointResponses(ConfigurableApplicationContext context)
			throws IOException, InterruptedException {
		String port = context.getEnvironment().getRequiredProperty("local.server.port");
		HttpClient client = HttpClient.newHttpClient();
		List<String> responses = new ArrayList<>();
		for (String endpoint : ENDPOINTS) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/" + endpoint)).build(),
					HttpResponse.BodyHandlers.ofString());
			// 503: health DOWN; 404: a property the application does not set
			assertThat(response.statusCode()).as(endpoint).isIn(200, 503, 404);
			responses.add(response.body());
		}
		return responses;
	}

	/**
	 * How an application is told where to connect.
	 */
	@FunctionalInterface
	interface Connection {

		List<String> properties(String database);

	}

	/**
	 * Captures pgjdbc's log (java.util.logging) at FINEST, where it traces the protocol.
	 */
	private static final class DriverTrace implements AutoCloseable {

		private final Logger driver = Logger.getLogger("org.postgresql");

		private final Level level = this.driver.getLevel();

		private final Handler handler;

		DriverTrace(List<String> lines) {
			this.handler = new Handler() {

				private final SimpleFormatter formatter = new SimpleFormatter();

				@Override
				public void publish(LogRecord record) {
					lines.add(this.formatter.format(record));
				}

				@Override
				public void flush() {
				}

				@Override
				public void close() {
				}

			};
			this.handler.setLevel(Level.ALL);
			this.driver.setLevel(Level.FINEST);
			this.driver.addHandler(this.handler);
		}

		@Override
		public void close() {
			this.driver.removeHandler(this.handler);
			this.driver.setLevel(this.level);
		}

	}

	static class Orders {

		final List<Long> received = new CopyOnWriteArrayList<>();

		@WalListener(tables = "orders")
		void on(Order order) {
			this.received.add(order.id());
		}

	}

	record Order(long id, int quantity) {
	}

}
