package dev.walstream.spring.boot.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.walstream.spring.annotation.WalListener;
import dev.walstream.spring.boot.actuate.endpoint.WalstreamEndpoint;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.walstream.spring.boot.it.TestApplications.MONITORING;
import static dev.walstream.spring.boot.it.TestApplications.TIMEOUT;
import static dev.walstream.spring.boot.it.TestApplications.awaitState;
import static dev.walstream.spring.boot.it.TestApplications.health;
import static dev.walstream.spring.boot.it.TestApplications.ordersDatabase;
import static dev.walstream.spring.boot.it.TestApplications.runner;
import static dev.walstream.spring.boot.it.TestApplications.slot;
import static dev.walstream.spring.boot.it.TestApplications.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 7 under a running application: the slot is dropped, or invalidated because
 * {@code max_slot_wal_keep_size} was exceeded. The runner stops without retrying and without
 * re-creating the slot, its health goes {@code DOWN} saying that changes may be lost, and the
 * Actuator endpoint shows the failure.
 */
@EmbeddedPostgres
class SlotLossHealthIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void droppedSlotTurnsHealthDownAndStopsTheRunnerWithoutRecreatingTheSlot(PostgresServer server) {
		String database = ordersDatabase(server);
		try (ConfigurableApplicationContext context = start(server, database, Orders.class, MONITORING)) {
			Orders orders = context.getBean(Orders.class);
			orders.gate.countDown();
			awaitState(context, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 1);
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);

			String slot = slot(database);
			// the walsender holds the slot: end it, then drop the slot before the runner reconnects
			await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
				server.execute(database, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
						+ "WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL");
				server.execute(database, "SELECT pg_drop_replication_slot('" + slot + "')");
			});
			server.execute(database, "INSERT INTO orders VALUES (2, 1)");

			awaitState(context, RunnerState.FAILED);
			ReplicationRunner runner = runner(context);
			assertThat(runner.isRunning()).isFalse();
			assertSlotLossReported(context, "may be lost");
			// stopped for good: no reconnection re-creates the slot while health checks go on
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.until(() -> "0".equals(slotCount(server, slot)));
			assertThat(orders.received).containsExactly(1L);
		}
	}

	@Test
	void invalidatedSlotTurnsHealthDownAndStopsTheRunner(
			@EmbeddedPostgres(settings = "max_slot_wal_keep_size=1MB") PostgresServer server) {
		String database = ordersDatabase(server);
		server.execute(database, "CREATE TABLE filler (id int, pad text)");
		try (ConfigurableApplicationContext context = start(server, database, Orders.class, MONITORING)) {
			Orders orders = context.getBean(Orders.class);
			awaitState(context, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			// the listener holds the first transaction: nothing is confirmed, the slot holds WAL
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 1);
			String slot = slot(database);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				server.execute(database, "INSERT INTO filler SELECT g, repeat('x', 1000) FROM generate_series(1, 3000) g");
				server.execute(database, "SELECT pg_switch_wal()");
				server.execute(database, "CHECKPOINT");
				return "lost".equals(walStatus(server, slot));
			});
			orders.gate.countDown();

			awaitState(context, RunnerState.FAILED);
			assertThat(runner(context).isRunning()).isFalse();
			assertSlotLossReported(context, "changes were lost");
			assertThat(walStatus(server, slot)).as("the lost slot stays for a person to look at").isEqualTo("lost");
		}
	}

	private static void assertSlotLossReported(ConfigurableApplicationContext context, String consequence) {
		Health health = health(context);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "failed").containsEntry("error", "slot");
		assertThat((String) health.getDetails().get("message")).contains(consequence);
		assertThat((String) health.getDetails().get("reason")).contains("slot").contains("lost");

		WalstreamEndpoint endpoint = context.getBean(WalstreamEndpoint.class);
		JsonNode described = json.readTree(json.writeValueAsString(endpoint.walstream()))
			.get("slots")
			.get(runner(context).getSlotName());
		assertThat(described.get("state").asString()).isEqualTo("failed");
		assertThat(described.get("lastError").get("kind").asString()).isEqualTo("slot");
		assertThat(described.get("lastError").get("message").asString()).contains(consequence);
		assertThat(described.get("lastError").get("retrying").asBoolean()).isFalse();
	}

	private static String slotCount(PostgresServer server, String slot) {
		return server.queryForString("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
	}

	private static String walStatus(PostgresServer server, String slot) {
		return server.queryForString("SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
	}

	static class Orders {

		final CountDownLatch gate = new CountDownLatch(1);

		final List<Long> received = new CopyOnWriteArrayList<>();

		@WalListener(tables = "orders")
		void on(Order order) throws InterruptedException {
			this.received.add(order.id());
			// bounded, so that a failing test cannot hang
			this.gate.await(90, TimeUnit.SECONDS);
		}

	}

	record Order(long id, int quantity) {
	}

}
