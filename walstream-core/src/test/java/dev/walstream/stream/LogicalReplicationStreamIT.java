package dev.walstream.stream;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.walstream.Lsn;
import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.SlotException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.event.Row;
import dev.walstream.event.UnchangedToast;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.walstream.stream.StreamTestSupport.collect;
import static dev.walstream.stream.StreamTestSupport.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The stream against a real server: every event kind with decoded values, whole transactions,
 * acknowledgements, reconnection, and the errors a user meets first.
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=64kB",
		hba = { "host all walstream_pw 127.0.0.1/32 scram-sha-256", "host all walstream_pw ::1/128 scram-sha-256" })
class LogicalReplicationStreamIT {

	@TempDir
	Path spill;

	@Test
	void everyEventKindShouldArriveWithDecodedValues(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE orders (id int PRIMARY KEY, note text, amount numeric(10,2), "
				+ "placed date, at timestamptz, tags text[], ref uuid, big text);"
				+ "ALTER TABLE orders ALTER COLUMN big SET STORAGE EXTERNAL;"
				+ "CREATE TABLE audit (id int PRIMARY KEY, v text); ALTER TABLE audit REPLICA IDENTITY FULL;"
				+ "CREATE PUBLICATION pub FOR TABLE orders, audit;");
		try (LogicalReplicationStream stream = open(server, db, config(db).build())) {
			stream.initialize();
			stream.start(null);
			server.execute(db, "INSERT INTO orders VALUES (1, 'first', 12.50, '2026-01-02', '2026-01-02 03:04:05+02', "
					+ "'{a,b}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', repeat(md5('x'), 200));"
					+ "INSERT INTO audit VALUES (1, 'one');");
			server.execute(db, "UPDATE orders SET note = 'second' WHERE id = 1; UPDATE audit SET v = 'uno' WHERE id = 1");
			server.execute(db, "DELETE FROM orders WHERE id = 1; DELETE FROM audit WHERE id = 1");
			server.execute(db, "SELECT pg_logical_emit_message(true, 'app', 'hello'); TRUNCATE orders");

			List<ChangeEvent> events = collect(stream, 4);
			List<Operation> operations = events.stream().map(ChangeEvent::operation).toList();
			assertThat(operations).containsExactly(Operation.BEGIN, Operation.RELATION, Operation.INSERT, Operation.RELATION,
					Operation.INSERT, Operation.COMMIT, Operation.BEGIN, Operation.UPDATE, Operation.UPDATE, Operation.COMMIT,
					Operation.BEGIN, Operation.DELETE, Operation.DELETE, Operation.COMMIT, Operation.BEGIN, Operation.MESSAGE,
					Operation.TRUNCATE, Operation.COMMIT);

			Row inserted = ((EventType.Insert) events.get(2).eventType()).data();
			assertThat(inserted.get("id")).isEqualTo(1);
			assertThat(inserted.get("note")).isEqualTo("first");
			assertThat(inserted.get("amount")).isEqualTo(new BigDecimal("12.50"));
			assertThat(inserted.get("placed")).isEqualTo(LocalDate.of(2026, 1, 2));
			assertThat(inserted.get("at")).isEqualTo(OffsetDateTime.of(2026, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC));
			assertThat(inserted.get("tags")).isEqualTo(List.of("a", "b"));
			assertThat(inserted.get("ref")).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
			assertThat(inserted.get("big", String.class)).hasSize(6400);

			EventType.Update update = (EventType.Update) events.get(7).eventType();
			assertThat(update.newData().get("note")).isEqualTo("second");
			assertThat(update.newData().isUnchangedToast("big")).isTrue();
			assertThat(update.newData().get("big")).isSameAs(UnchangedToast.INSTANCE);
			assertThat(update.oldData()).isNull();
			assertThat(update.keyColumns()).containsExactly("id");
			EventType.Update full = (EventType.Update) events.get(8).eventType();
			assertThat(full.oldData().get("v")).isEqualTo("one");
			assertThat(full.newData().get("v")).isEqualTo("uno");

			EventType.Delete delete = (EventType.Delete) events.get(11).eventType();
			assertThat(delete.oldData().get("id")).isEqualTo(1);
			assertThat(delete.oldData().isNull("note")).isTrue();
			EventType.Message message = (EventType.Message) events.get(15).eventType();
			assertThat(message.prefix()).isEqualTo("app");
			assertThat(message.contentAsString()).isEqualTo("hello");
			assertThat(message.transactional()).isTrue();
			EventType.Truncate truncate = (EventType.Truncate) events.get(16).eventType();
			assertThat(truncate.tables()).containsExactly("public.orders");

			ChangeEvent begin = events.get(0);
			ChangeEvent commit = events.get(5);
			assertThat(commit.lsn()).isEqualTo(begin.lsn());
			assertThat(commit.xid()).isEqualTo(begin.xid()).isPositive();
			assertThat(commit.commitTime()).isEqualTo(begin.commitTime()).isNotNull();
			assertThat(events.subList(0, 6)).extracting(ChangeEvent::ordinal).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
		}
	}

	@Test
	void schemaChangesShouldBeDecodedWithTheNewDefinitionFromTheNextChangeOn(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE t (id int PRIMARY KEY, a text, b int); CREATE PUBLICATION pub FOR TABLE t;");
		try (LogicalReplicationStream stream = open(server, db, config(db).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1, 'x', 1)");
			server.execute(db, "ALTER TABLE t ADD COLUMN c numeric; INSERT INTO t VALUES (2, 'y', 2, 2.5)");
			server.execute(db, "ALTER TABLE t DROP COLUMN a");
			server.execute(db, "INSERT INTO t VALUES (3, 3, 3.5)");
			server.execute(db, "ALTER TABLE t ALTER COLUMN b TYPE text; ALTER TABLE t RENAME COLUMN c TO cee; "
					+ "INSERT INTO t VALUES (4, 'four', 4.5)");
			List<ChangeEvent> events = collect(stream, 4);
			List<java.util.Map<String, Object>> rows = events.stream()
				.filter((event) -> event.eventType() instanceof EventType.Insert)
				.map((event) -> ((EventType.Insert) event.eventType()).data().asMap())
				.toList();
			assertThat(rows.get(0)).containsExactly(java.util.Map.entry("id", 1), java.util.Map.entry("a", "x"),
					java.util.Map.entry("b", 1));
			assertThat(rows.get(1)).containsEntry("c", new BigDecimal("2.5")).containsEntry("a", "y");
			assertThat(rows.get(2)).containsOnlyKeys("id", "b", "c").containsEntry("b", 3);
			assertThat(rows.get(3)).containsOnlyKeys("id", "b", "cee").containsEntry("b", "four")
				.containsEntry("cee", new BigDecimal("4.5"));
			List<EventType.Relation> relations = events.stream()
				.filter((event) -> event.eventType() instanceof EventType.Relation)
				.map((event) -> (EventType.Relation) event.eventType())
				.toList();
			assertThat(relations).hasSize(4);
			assertThat(relations.get(0).previous()).isNull();
			assertThat(relations.get(3).previous().columnNames()).containsExactly("id", "b", "c");
			assertThat(relations.get(3).relation().columnNames()).containsExactly("id", "b", "cee");
		}
	}

	@Test
	void largeStreamedTransactionShouldArriveWholeAtCommitAndAbortedOnesNever(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE big (id int PRIMARY KEY, v text); CREATE PUBLICATION pub FOR TABLE big;");
		ReplicationStreamConfig config = config(db).streaming(StreamingMode.ON).spillThresholdBytes(64 * 1024).build();
		try (LogicalReplicationStream stream = open(server, db, config)) {
			stream.start(null);
			server.execute(db, "BEGIN; INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g; "
					+ "SAVEPOINT s; INSERT INTO big SELECT g, 'gone' FROM generate_series(5001, 8000) g; ROLLBACK TO s; "
					+ "INSERT INTO big VALUES (9000, 'after'); COMMIT;");
			server.execute(db, "BEGIN; INSERT INTO big SELECT g, 'aborted' FROM generate_series(10001, 15000) g; ROLLBACK;");
			server.execute(db, "INSERT INTO big VALUES (20000, 'last')");
			List<ChangeEvent> events = collect(stream, 2);
			List<Integer> ids = events.stream()
				.filter((event) -> event.eventType() instanceof EventType.Insert)
				.map((event) -> ((EventType.Insert) event.eventType()).data().get("id", Integer.class))
				.toList();
			List<Integer> expected = new ArrayList<>();
			for (int id = 1; id <= 5000; id++) {
				expected.add(id);
			}
			expected.add(9000);
			expected.add(20000);
			assertThat(ids).containsExactlyElementsOf(expected);
			assertThat(stream.status().options().streaming()).isEqualTo(StreamingMode.ON);
		}
	}

	@Test
	void acknowledgedPositionShouldReachTheSlotOnlyWhenAcknowledged(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE t;");
		try (LogicalReplicationStream stream = open(server, db,
				config(db).autoAcknowledge(false).feedbackInterval(Duration.ofMillis(200)).build())) {
			stream.start(null);
			Lsn before = confirmedFlush(server, db);
			server.execute(db, "INSERT INTO t VALUES (1)");
			List<ChangeEvent> events = collect(stream, 1);
			Lsn end = ((EventType.Commit) events.get(events.size() - 1).eventType()).endLsn();
			stream.nextEvent(Duration.ofMillis(600));
			assertThat(confirmedFlush(server, db)).isEqualTo(before);
			stream.acknowledge(end);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				stream.nextEvent(Duration.ofMillis(100));
				assertThat(confirmedFlush(server, db)).isGreaterThanOrEqualTo(end);
			});
		}
	}

	@Test
	void idleSlotShouldFollowTheServerWhileOtherTablesChange(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE quiet (id int PRIMARY KEY); CREATE TABLE busy (id int); "
				+ "CREATE PUBLICATION pub FOR TABLE quiet;");
		try (LogicalReplicationStream stream = open(server, db, config(db).feedbackInterval(Duration.ofMillis(200)).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO busy SELECT generate_series(1, 1000)");
			Lsn written = Lsn.parse(server.queryForString(db, "SELECT pg_current_wal_lsn()::text"));
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(stream.nextEvent(Duration.ofMillis(100))).isNull();
				assertThat(confirmedFlush(server, db)).isGreaterThanOrEqualTo(written);
			});
		}
	}

	@Test
	void heartbeatAndHealthCheckShouldKeepTheSlotAdvancingAndReportIt(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE quiet (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE quiet;");
		String other = server.createDatabase();
		server.execute(other, "CREATE TABLE busy (id int)");
		ReplicationStreamConfig config = config(db).feedbackInterval(Duration.ofMillis(200))
			.heartbeatInterval(Duration.ofMillis(300))
			.healthCheckInterval(Duration.ofMillis(300))
			.build();
		try (LogicalReplicationStream stream = open(server, db, config)) {
			stream.start(null);
			server.execute(other, "INSERT INTO busy SELECT generate_series(1, 10000)");
			Lsn written = Lsn.parse(server.queryForString(other, "SELECT pg_current_wal_lsn()::text"));
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(stream.nextEvent(Duration.ofMillis(100))).as("heartbeats are not delivered").isNull();
				assertThat(confirmedFlush(server, db)).isGreaterThanOrEqualTo(written);
				SlotHealth health = stream.status().slotHealth();
				assertThat(health).isNotNull();
				assertThat(health.exists()).isTrue();
				assertThat(health.active()).isTrue();
				assertThat(health.walStatus()).isEqualTo("reserved");
				assertThat(health.confirmedLagBytes()).isLessThan(64 * 1024);
			});
		}
	}

	@Test
	void terminatedWalsenderShouldBeReconnectedWithoutLossOrRepeats(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE t;");
		RetryConfig fastRetry = new RetryConfig(0, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, Duration.ZERO, 0.1);
		try (LogicalReplicationStream stream = open(server, db, config(db).retry(fastRetry).build())) {
			stream.start(null);
			List<Integer> ids = new ArrayList<>();
			int batches = 50;
			for (int batch = 0; batch < batches; batch++) {
				// 100,000 rows in 100 transactions; the walsender dies inside and between them
				int first = batch * 2000;
				server.execute(db, "INSERT INTO t SELECT g FROM generate_series(" + (first + 1) + ", " + (first + 1000) + ") g");
				server.execute(db, "INSERT INTO t SELECT g FROM generate_series(" + (first + 1001) + ", " + (first + 2000) + ") g");
				while (ids.size() < first + 2000) {
					ChangeEvent event = stream.nextEvent(Duration.ofSeconds(30));
					assertThat(event).as("event after %d rows", ids.size()).isNotNull();
					if (event.eventType() instanceof EventType.Insert insert) {
						ids.add(insert.data().get("id", Integer.class));
						if (batch % 5 == 2 && ids.size() == first + 500) {
							server.execute(db, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
									+ "WHERE slot_name = '" + slotOf(db) + "' AND active_pid IS NOT NULL");
						}
					}
				}
			}
			List<Integer> expected = new ArrayList<>();
			for (int id = 1; id <= batches * 2000; id++) {
				expected.add(id);
			}
			assertThat(ids).containsExactlyElementsOf(expected);
			assertThat(stream.status().reconnects()).isPositive();
		}
	}

	@Test
	void initializeShouldCreateAFailoverSlotAndAPublicationForTheGivenTables(PostgresServer server) {
		String db = prepare(server, "CREATE SCHEMA shop; CREATE TABLE shop.\"Orders\" (id int PRIMARY KEY); "
				+ "CREATE TABLE other (id int);");
		ReplicationStreamConfig config = config(db).createPublication(true)
			.publicationTables(List.of("shop.Orders"))
			.failoverSlot(true)
			.build();
		try (LogicalReplicationStream stream = open(server, db, config)) {
			stream.initialize();
		}
		assertThat(server.queryForString(db, "SELECT string_agg(schemaname || '.' || tablename, ',') "
				+ "FROM pg_publication_tables WHERE pubname = 'pub'")).isEqualTo("shop.Orders");
		assertThat(server.queryForString(db, "SELECT failover::text || ',' || temporary::text || ',' || plugin "
				+ "FROM pg_replication_slots WHERE slot_name = '" + slotOf(db) + "'")).isEqualTo("true,false,pgoutput");
	}

	@Test
	void temporarySlotShouldLiveOnlyAsLongAsTheStream(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		try (LogicalReplicationStream stream = open(server, db, config(db).temporarySlot(true).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			assertThat(collect(stream, 1)).extracting(ChangeEvent::operation).contains(Operation.INSERT);
			assertThat(server.queryForString(db, "SELECT temporary::text FROM pg_replication_slots WHERE slot_name = '"
					+ slotOf(db) + "'")).isEqualTo("true");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> server.queryForString(db,
				"SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = '" + slotOf(db) + "'").equals("0"));
	}

	@Test
	void startAtAPositionShouldSkipWhatCommittedBeforeIt(PostgresServer server) {
		String db = prepare(server, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		ReplicationStreamConfig config = config(db).autoAcknowledge(false).build();
		Lsn afterFirst;
		try (LogicalReplicationStream stream = open(server, db, config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			server.execute(db, "INSERT INTO t VALUES (2)");
			List<ChangeEvent> events = collect(stream, 2);
			afterFirst = events.stream()
				.filter(ChangeEvent::isCommit)
				.map((event) -> ((EventType.Commit) event.eventType()).endLsn())
				.findFirst()
				.orElseThrow();
		}
		try (LogicalReplicationStream stream = open(server, db, config)) {
			stream.start(afterFirst);
			List<Object> ids = collect(stream, 1).stream()
				.filter((event) -> event.eventType() instanceof EventType.Insert)
				.map((event) -> ((EventType.Insert) event.eventType()).data().get("id"))
				.toList();
			assertThat(ids).containsExactly(2);
		}
	}

	@Test
	void wrongPasswordShouldFailFastWithoutRetrying(PostgresServer server) {
		String db = prepare(server, "CREATE PUBLICATION pub FOR ALL TABLES;");
		server.execute("DROP ROLE IF EXISTS walstream_pw; CREATE ROLE walstream_pw LOGIN REPLICATION PASSWORD 'right'");
		ConnectionConfig wrong = connection(server, db).toBuilder().user("walstream_pw").password("wrong-secret").build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(wrong, config(db).build())) {
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(stream::initialize)
				.withMessageContaining("password authentication failed")
				.withMessageNotContaining("wrong-secret")
				.satisfies((ex) -> assertThat(ex.isRetryable()).isFalse());
		}
	}

	@Test
	void missingSlotShouldFailWhenCreatingIsNotAllowed(PostgresServer server) {
		String db = prepare(server, "CREATE PUBLICATION pub FOR ALL TABLES;");
		try (LogicalReplicationStream stream = open(server, db, config(db).createSlot(false).build())) {
			assertThatExceptionOfType(SlotException.class).isThrownBy(stream::initialize)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(SlotException.Reason.NOT_FOUND))
				.withMessageContaining("pg_create_logical_replication_slot");
		}
	}

	@Test
	void missingPublicationShouldFailWithAdvice(PostgresServer server) {
		String db = server.createDatabase();
		try (LogicalReplicationStream stream = open(server, db, config(db).build())) {
			assertThatExceptionOfType(PermanentConnectionException.class).isThrownBy(stream::initialize)
				.withMessageContaining("Publication 'pub' does not exist")
				.withMessageContaining("CREATE PUBLICATION");
		}
	}

	@Test
	void roleWithoutReplicationShouldFailWithAdvice(PostgresServer server) {
		String db = prepare(server, "CREATE PUBLICATION pub FOR ALL TABLES;");
		server.execute("DROP ROLE IF EXISTS walstream_plain; CREATE ROLE walstream_plain LOGIN");
		ConnectionConfig plain = connection(server, db).toBuilder().user("walstream_plain").password(null).build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(plain, config(db).build())) {
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(stream::initialize)
				.withMessageContaining("REPLICATION");
		}
	}

	@Test
	@EmbeddedPostgres(settings = "wal_level=replica")
	void walLevelNotLogicalShouldFailWithAdvice(PostgresServer server) {
		String db = server.createDatabase();
		try (LogicalReplicationStream stream = open(server, db, config(db).build())) {
			assertThatExceptionOfType(PermanentConnectionException.class).isThrownBy(stream::initialize)
				.withMessageContaining("wal_level is 'replica'");
		}
	}

	/** Slots are per cluster, so each test's slot is named after its database. */
	private ReplicationStreamConfig.Builder config(String db) {
		return ReplicationStreamConfig.builder(slotOf(db), "pub").spillDirectory(this.spill);
	}

	private static String slotOf(String db) {
		return "slot_" + db;
	}

	private static String prepare(PostgresServer server, String sql) {
		String db = server.createDatabase();
		server.execute(db, sql);
		return db;
	}


	private static LogicalReplicationStream open(PostgresServer server, String db, ReplicationStreamConfig config) {
		return LogicalReplicationStream.open(connection(server, db), config);
	}


	private static Lsn confirmedFlush(PostgresServer server, String db) {
		String text = server.queryForString(db,
				"SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slotOf(db) + "'");
		return Lsn.parse(text);
	}

}
