package dev.walstream.spring.boot.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.event.Row;
import dev.walstream.spring.annotation.WalHeader;
import dev.walstream.spring.annotation.WalListener;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.walstream.spring.boot.it.TestApplications.confirmedFlushLsn;
import static dev.walstream.spring.boot.it.TestApplications.currentWalLsn;
import static dev.walstream.spring.boot.it.TestApplications.runner;
import static dev.walstream.spring.boot.it.TestApplications.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners of every supported signature, with table and event filters, against a real server.
 */
@EmbeddedPostgres
class WalListenerIT {

	static PostgresServer server;

	private static final String SCHEMA = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_name text, quantity int);"
			+ "CREATE TABLE audit (id int PRIMARY KEY)";

	@Test
	void listenersOfEverySignatureReceiveTheirEventsInCommitOrder() {
		String database = server.createDatabase();
		server.execute(database, SCHEMA);
		try (ConfigurableApplicationContext context = start(server, database, AllSignatures.class)) {
			AllSignatures listeners = context.getBean(AllSignatures.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> runner(context).getState() == RunnerState.STREAMING);
			server.execute(database, "INSERT INTO orders VALUES (1, 'Ada', 3); INSERT INTO audit VALUES (1);"
					+ "INSERT INTO orders VALUES (2, 'Grace', 5)");
			server.execute(database, "UPDATE orders SET quantity = 4 WHERE id = 1");
			server.execute(database, "DELETE FROM orders WHERE id = 2");
			server.execute(database, "TRUNCATE audit");
			server.execute(database, "SELECT pg_logical_emit_message(true, 'app', 'hello')");
			Lsn end = currentWalLsn(server);
			await().atMost(Duration.ofSeconds(20)).until(() -> listeners.messages.size() == 1);

			assertThat(listeners.events).extracting((event) -> event.operation() + ":" + ((EventType.TableChange) event
				.eventType()).table()).containsExactly("INSERT:orders", "INSERT:orders", "UPDATE:orders");
			assertThat(listeners.deletedRows).singleElement().satisfies((row) -> {
				assertThat(row.get("id")).isEqualTo(2L);
				assertThat(row.isNull("customer_name")).isTrue();
			});
			assertThat(listeners.records).containsExactly(new Order(1, "Ada", 3), new Order(2, "Grace", 5));
			assertThat(listeners.headers).hasSize(2).allSatisfy((headers) -> {
				assertThat(headers.table()).isEqualTo("public.orders");
				assertThat(headers.operation()).isEqualTo(Operation.INSERT);
				assertThat(headers.commitTime()).isNotNull();
			});
			assertThat(listeners.headers.get(0).lsn()).isEqualTo(listeners.headers.get(1).lsn());
			assertThat(listeners.headers.get(0).xid()).isEqualTo(listeners.headers.get(1).xid());
			assertThat(listeners.pojos).extracting(OrderBean::getCustomerName).containsExactly("Ada", "Grace", "Ada");
			assertThat(listeners.transactions).extracting(List::size).containsExactly(3, 1, 1);
			assertThat(listeners.transactions.get(0)).extracting(ChangeEvent::ordinal).isSorted();
			assertThat(listeners.truncates).singleElement()
				.satisfies((event) -> assertThat(((EventType.Truncate) event.eventType()).tables())
					.containsExactly("public.audit"));
			assertThat(listeners.messages).singleElement()
				.satisfies((event) -> assertThat(((EventType.Message) event.eventType()).contentAsString())
					.isEqualTo("hello"));
			assertThat(listeners.otherSchema).isEmpty();
			// every transaction was acknowledged once its listeners returned
			await().atMost(Duration.ofSeconds(20)).until(() -> !confirmedFlushLsn(server, database).isBefore(end));
		}
	}

	@Test
	void pausedRunnerKeepsItsPositionAndResumes() {
		String database = server.createDatabase();
		server.execute(database, SCHEMA);
		try (ConfigurableApplicationContext context = start(server, database, AllSignatures.class)) {
			AllSignatures listeners = context.getBean(AllSignatures.class);
			ReplicationRunner runner = runner(context);
			await().atMost(Duration.ofSeconds(20)).until(() -> runner.getState() == RunnerState.STREAMING);
			runner.pause();
			await().atMost(Duration.ofSeconds(5)).until(() -> runner.getState() == RunnerState.PAUSED);
			server.execute(database, "INSERT INTO orders VALUES (1, 'Ada', 3)");
			Lsn afterInsert = currentWalLsn(server);
			assertThat(runner.isPaused()).isTrue();
			assertThat(listeners.events).isEmpty();
			assertThat(confirmedFlushLsn(server, database)).isLessThan(afterInsert);
			runner.resume();
			await().atMost(Duration.ofSeconds(20)).until(() -> listeners.events.size() == 1);
			assertThat(runner.getState()).isEqualTo(RunnerState.STREAMING);
		}
	}

	record Order(long id, String customerName, int quantity) {
	}

	record Headers(Lsn lsn, long xid, Instant commitTime, String table, Operation operation) {
	}

	static class OrderBean {

		private String customerName;

		public String getCustomerName() {
			return this.customerName;
		}

		public void setCustomerName(String customerName) {
			this.customerName = customerName;
		}

	}

	static class AllSignatures {

		final List<ChangeEvent> events = new CopyOnWriteArrayList<>();

		final List<Row> deletedRows = new CopyOnWriteArrayList<>();

		final List<Order> records = new CopyOnWriteArrayList<>();

		final List<Headers> headers = new CopyOnWriteArrayList<>();

		final List<OrderBean> pojos = new CopyOnWriteArrayList<>();

		final List<List<ChangeEvent>> transactions = new CopyOnWriteArrayList<>();

		final List<ChangeEvent> truncates = new CopyOnWriteArrayList<>();

		final List<ChangeEvent> messages = new CopyOnWriteArrayList<>();

		final List<ChangeEvent> otherSchema = new CopyOnWriteArrayList<>();

		@WalListener(id = "events", tables = "orders", events = { Operation.INSERT, Operation.UPDATE })
		void onEvent(ChangeEvent event) {
			this.events.add(event);
		}

		@WalListener(id = "rows", tables = "public.orders", events = Operation.DELETE)
		void onDelete(Row row) {
			this.deletedRows.add(row);
		}

		@WalListener(id = "records", tables = "public.ord*", events = Operation.INSERT)
		void onOrder(Order order, @WalHeader(WalHeader.Name.LSN) Lsn lsn, @WalHeader(WalHeader.Name.XID) long xid,
				@WalHeader(WalHeader.Name.COMMIT_TIME) Instant commitTime, @WalHeader(WalHeader.Name.TABLE) String table,
				@WalHeader(WalHeader.Name.OPERATION) Operation operation) {
			this.records.add(order);
			this.headers.add(new Headers(lsn, xid, commitTime, table, operation));
		}

		@WalListener(id = "pojos", tables = "*.orders", events = { Operation.INSERT, Operation.UPDATE })
		void onPojo(OrderBean order) {
			this.pojos.add(order);
		}

		@WalListener(id = "transactions", tables = "*")
		void onTransaction(List<ChangeEvent> transaction) {
			this.transactions.add(transaction);
		}

		@WalListener(id = "truncates", events = Operation.TRUNCATE)
		void onTruncate(ChangeEvent event) {
			this.truncates.add(event);
		}

		@WalListener(id = "messages", events = Operation.MESSAGE)
		void onMessage(ChangeEvent event) {
			this.messages.add(event);
		}

		@WalListener(id = "other", tables = "other.*", events = { Operation.INSERT, Operation.TRUNCATE })
		void onOther(ChangeEvent event) {
			this.otherSchema.add(event);
		}

	}

}
