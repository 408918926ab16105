package dev.walstream.spring.boot.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.walstream.Lsn;
import dev.walstream.spring.annotation.WalHeader;
import dev.walstream.spring.annotation.WalListener;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.walstream.spring.boot.it.TestApplications.TIMEOUT;
import static dev.walstream.spring.boot.it.TestApplications.awaitState;
import static dev.walstream.spring.boot.it.TestApplications.confirmedFlushLsn;
import static dev.walstream.spring.boot.it.TestApplications.currentWalLsn;
import static dev.walstream.spring.boot.it.TestApplications.ordersDatabase;
import static dev.walstream.spring.boot.it.TestApplications.runner;
import static dev.walstream.spring.boot.it.TestApplications.slotActive;
import static dev.walstream.spring.boot.it.TestApplications.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner's delivery guarantees against a real server: failures, restarts, shutdown and
 * several instances on one slot.
 */
@EmbeddedPostgres
class ReplicationRunnerIT {

	static PostgresServer server;

	@Test
	void failingListenerLeavesTheSlotBeforeItsTransactionWhichIsRedeliveredAfterRestart() {
		String database = ordersDatabase(server);
		try (ConfigurableApplicationContext first = start(server, database, Orders.class, "app.fail-on=13")) {
			Orders orders = first.getBean(Orders.class);
			awaitState(first, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			Lsn afterFirst = currentWalLsn(server);
			await().atMost(TIMEOUT).until(() -> !confirmedFlushLsn(server, database).isBefore(afterFirst));
			Lsn beforeFailure = currentWalLsn(server);
			server.execute(database, "INSERT INTO orders VALUES (2, 13); INSERT INTO orders VALUES (3, 1)");
			awaitState(first, RunnerState.FAILED);
			assertThat(runner(first).getFailure()).hasMessage("no thirteens");
			// order 1 once; order 2 once and retried once, then the default error handler stopped
			assertThat(orders.attempts).hasValue(1 + 2);
			assertThat(orders.received).containsExactly(1L);
			assertThat(confirmedFlushLsn(server, database)).isLessThanOrEqualTo(beforeFailure);
			assertThat(runner(first).isRunning()).isFalse();
		}
		try (ConfigurableApplicationContext second = start(server, database, Orders.class)) {
			Orders orders = second.getBean(Orders.class);
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 2);
			assertThat(orders.received).containsExactly(2L, 3L);
		}
	}

	@Test
	void skippedFailureIsAcknowledged() {
		String database = ordersDatabase(server);
		try (ConfigurableApplicationContext context = start(server, database, Orders.class, "app.fail-on=13",
				"walstream.listener.error-handling=skip")) {
			Orders orders = context.getBean(Orders.class);
			awaitState(context, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (2, 13); INSERT INTO orders VALUES (3, 1)");
			Lsn end = currentWalLsn(server);
			await().atMost(TIMEOUT).until(() -> orders.received.contains(3L));
			await().atMost(TIMEOUT).until(() -> !confirmedFlushLsn(server, database).isBefore(end));
			assertThat(runner(context).getState()).isEqualTo(RunnerState.STREAMING);
		}
	}

	@Test
	void closingTheContextFinishesAcknowledgesAndReleasesTheSlot() {
		String database = ordersDatabase(server);
		ConfigurableApplicationContext context = start(server, database, Orders.class);
		Orders orders = context.getBean(Orders.class);
		awaitState(context, RunnerState.STREAMING);
		for (int i = 1; i <= 3; i++) {
			server.execute(database, "INSERT INTO orders VALUES (" + i + ", 1)");
		}
		Lsn end = currentWalLsn(server);
		await().atMost(TIMEOUT).until(() -> orders.received.size() == 3);
		ReplicationRunner runner = runner(context);
		context.close();
		assertThat(runner.isRunning()).isFalse();
		assertThat(runner.getState()).isEqualTo(RunnerState.STOPPED);
		await().atMost(TIMEOUT).until(() -> !slotActive(server, database));
		assertThat(confirmedFlushLsn(server, database)).isGreaterThanOrEqualTo(end);
	}

	@Test
	void closingTheContextWhileAListenerBlocksIsBoundedAndTheBlockedTransactionComesAgainAfterRestart() {
		String database = ordersDatabase(server);
		ConfigurableApplicationContext context = start(server, database, Blocking.class,
				"walstream.shutdown-timeout=2s");
		Blocking blocking = context.getBean(Blocking.class);
		ReplicationRunner runner = runner(context);
		try {
			awaitState(context, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			Lsn afterFirst = currentWalLsn(server);
			await().atMost(TIMEOUT).until(() -> !confirmedFlushLsn(server, database).isBefore(afterFirst));
			server.execute(database, "INSERT INTO orders VALUES (2, " + Blocking.BLOCK + ")");
			await().atMost(TIMEOUT).until(() -> blocking.received.contains(2L));

			long closing = System.nanoTime();
			context.close();
			Duration closed = Duration.ofNanos(System.nanoTime() - closing);
			System.out.println("Context closed in " + closed.toMillis() + " ms while a listener blocked");
			// the 2 s shutdown timeout, well before Spring's 30 s per lifecycle phase
			assertThat(closed).isLessThan(Duration.ofSeconds(10));
			await().atMost(TIMEOUT).until(() -> !slotActive(server, database));
			// acknowledging it would confirm its commit's end, past its commit LSN
			assertThat(confirmedFlushLsn(server, database)).as("the blocked transaction not acknowledged")
				.isLessThanOrEqualTo(blocking.blockedCommitLsn);
		}
		finally {
			// the listener ignores interrupts: only this ends it
			blocking.release.countDown();
			context.close();
		}
		await().atMost(TIMEOUT).until(() -> !runner.isRunning());
		assertThat(confirmedFlushLsn(server, database)).as("not even once the listener returned")
			.isLessThanOrEqualTo(blocking.blockedCommitLsn);
		try (ConfigurableApplicationContext restarted = start(server, database, Orders.class)) {
			Orders orders = restarted.getBean(Orders.class);
			await().atMost(TIMEOUT).until(() -> orders.received.size() == 1);
			assertThat(orders.received).containsExactly(2L);
		}
	}

	@Test
	void stoppingTheRunnerWhileAListenerWaitsInterruptsItAfterTheShutdownTimeout() {
		String database = ordersDatabase(server);
		try (ConfigurableApplicationContext context = start(server, database, Interruptible.class,
				"walstream.shutdown-timeout=1s")) {
			Interruptible listener = context.getBean(Interruptible.class);
			ReplicationRunner runner = runner(context);
			awaitState(context, RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			await().atMost(TIMEOUT).until(() -> listener.waiting.getCount() == 0);

			runner.stop();
			// ended by the interrupt, not by the latch, which nobody counts down
			await().atMost(TIMEOUT).until(() -> !runner.isRunning());
			assertThat(listener.interrupted).isTrue();
			assertThat(runner.getState()).as("stopped on request, not failed").isEqualTo(RunnerState.STOPPED);
			await().atMost(TIMEOUT).until(() -> !slotActive(server, database));
			assertThat(confirmedFlushLsn(server, database)).isLessThanOrEqualTo(listener.commitLsn);
		}
	}

	@Test
	void secondInstanceStandsByAndTakesOverWhenTheActiveOneCloses() {
		String database = ordersDatabase(server);
		ConfigurableApplicationContext first = start(server, database, Orders.class);
		awaitState(first, RunnerState.STREAMING);
		try (ConfigurableApplicationContext second = start(server, database, Orders.class)) {
			awaitState(second, RunnerState.STANDBY);
			server.execute(database, "INSERT INTO orders VALUES (1, 1)");
			await().atMost(TIMEOUT).until(() -> first.getBean(Orders.class).received.size() == 1);
			assertThat(second.getBean(Orders.class).received).isEmpty();
			first.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> runner(second).getState() == RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (2, 1)");
			await().atMost(TIMEOUT).until(() -> second.getBean(Orders.class).received.contains(2L));
			assertThat(second.getBean(Orders.class).received).containsExactly(2L);
		}
		finally {
			first.close();
		}
	}

	static class Orders {

		final List<Long> received = new CopyOnWriteArrayList<>();

		final AtomicInteger attempts = new AtomicInteger();

		@Value("${app.fail-on:-1}")
		int failOn;

		@WalListener(tables = "orders")
		void on(Order order) {
			this.attempts.incrementAndGet();
			if (order.quantity() == this.failOn) {
				throw new IllegalStateException("no thirteens");
			}
			this.received.add(order.id());
		}

	}

	/**
	 * Holds the transaction with {@link #BLOCK} until released, ignoring interrupts, as a listener
	 * stuck in a call that cannot be interrupted would.
	 */
	static class Blocking {

		static final int BLOCK = 99;

		final List<Long> received = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		volatile Lsn blockedCommitLsn = Lsn.INVALID;

		@WalListener(tables = "orders")
		void on(Order order, @WalHeader(WalHeader.Name.LSN) Lsn commitLsn) {
			boolean block = order.quantity() == BLOCK;
			if (block) {
				// before the test can see the order
				this.blockedCommitLsn = commitLsn;
			}
			this.received.add(order.id());
			if (block) {
				awaitUninterruptibly(this.release);
			}
		}

		private static void awaitUninterruptibly(CountDownLatch latch) {
			boolean interrupted = false;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (latch.getCount() > 0 && System.nanoTime() - deadline < 0) {
				try {
					latch.await(100, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Waits, interruptibly, for a latch nobody counts down.
	 */
	static class Interruptible {

		final CountDownLatch waiting = new CountDownLatch(1);

		volatile boolean interrupted;

		volatile Lsn commitLsn = Lsn.INVALID;

		@WalListener(tables = "orders")
		void on(Order order, @WalHeader(WalHeader.Name.LSN) Lsn commitLsn) throws InterruptedException {
			this.commitLsn = commitLsn;
			this.waiting.countDown();
			try {
				new CountDownLatch(1).await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				this.interrupted = true;
				throw ex;
			}
		}

	}

	record Order(long id, int quantity) {
	}

}
