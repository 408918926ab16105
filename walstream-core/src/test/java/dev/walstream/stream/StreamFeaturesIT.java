package dev.walstream.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PgVersion;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.PostgresServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.walstream.stream.StreamTestSupport.collect;
import static dev.walstream.stream.StreamTestSupport.connection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream's protocol features on every supported PostgreSQL version: negotiation, text and
 * binary values, two-phase commit, cancellation and idle connections.
 */
@EmbeddedPostgres(settings = "wal_sender_timeout=3s")
class StreamFeaturesIT {

	private static final String TYPES_TABLE = """
			CREATE TABLE typed (id int PRIMARY KEY, i2 int2, i8 int8, num numeric, f4 float4, f8 float8, b bool,
			  t text, vc varchar(20), c char(4), by bytea, u uuid, d date, tm time, ttz timetz, ts timestamp,
			  tstz timestamptz, iv interval, j json, jb jsonb, ia int4[], ta text[], na numeric[], ip inet, o oid);
			CREATE PUBLICATION pub FOR TABLE typed;
			""";

	private static final String TYPED_ROWS = """
			INSERT INTO typed VALUES
			 (1, -32768, 9223372036854775807, 123456789.000123, 1.5, -2.25e-300, true, 'h\u00e9llo "w\u00f6rld"', 'v', 'ab',
			  '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2026-01-02', '23:59:59.999999', '10:00+05:30',
			  '2026-01-02 03:04:05.5', '2026-01-02 03:04:05+02', '1 year 2 mons 3 days 04:05:06.5', '{"a": [1, 2]}',
			  '{"b": null}', '{1,NULL,3}', '{"a,b","c\\"d",NULL}', '{1.5,NaN}', '192.168.0.1/24', 4000000000),
			 (2, NULL, NULL, 'NaN', 'Infinity', '-Infinity', false, '', NULL, NULL, '\\x', NULL, 'infinity', '00:00',
			  '00:00-03', '-infinity', 'infinity', '-1 days', 'null', '[]', '{}', '{}', NULL, '::1', 0),
			 (3, 0, -1, -0.5, 'NaN', 0, NULL, NULL, NULL, NULL, NULL, NULL, '0044-03-15 BC', '24:00:00', NULL,
			  '2000-01-01 00:00:00', '1999-12-31 23:59:59.999999+00', '0', NULL, NULL, '{{1,2},{3,4}}', NULL, NULL, NULL, NULL);
			""";

	@TempDir
	Path spill;

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void textAndBinaryShouldDecodeToTheSameValues(PgVersion version, PostgresServers servers) {
		PostgresServer server = servers.get(version);
		String db = server.createDatabase();
		server.execute(db, TYPES_TABLE);
		try (LogicalReplicationStream text = open(server, db, "text", false);
				LogicalReplicationStream binary = open(server, db, "binary", true)) {
			text.initialize();
			binary.initialize();
			server.execute(db, TYPED_ROWS);
			text.start(null);
			binary.start(null);
			List<Map<String, Object>> textRows = inserts(collect(text, 1));
			List<Map<String, Object>> binaryRows = inserts(collect(binary, 1));
			assertThat(textRows).hasSize(3);
			assertThat(binaryRows).isEqualTo(textRows);
			assertThat(text.status().options().protocolVersion()).isEqualTo(expectedProtocol(version));
			assertThat(binary.status().options().binary()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(value = PgVersion.class, names = { "PG15", "PG16", "PG17", "PG18" })
	void preparedTransactionShouldArriveAtCommitPreparedEvenAcrossARestartOfTheConsumer(PgVersion version,
			PostgresServers servers) {
		PostgresServer server = servers.get(version);
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE t;");
		ReplicationStreamConfig config = config(db, "2pc").twoPhase(true).feedbackInterval(Duration.ofMillis(100)).build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection(server, db), config)) {
			stream.start(null);
			server.execute(db, "BEGIN; INSERT INTO t VALUES (1); PREPARE TRANSACTION 'kept_" + db + "'");
			server.execute(db, "BEGIN; INSERT INTO t VALUES (2); PREPARE TRANSACTION 'dropped_" + db + "'");
			server.execute(db, "ROLLBACK PREPARED 'dropped_" + db + "'");
			// held until it commits: nothing to deliver, and the slot may not move past the prepare
			for (int i = 0; i < 5; i++) {
				assertThat(stream.nextEvent(Duration.ofMillis(100))).isNull();
			}
		}
		try (LogicalReplicationStream restarted = LogicalReplicationStream.open(connection(server, db), config)) {
			restarted.start(null);
			server.execute(db, "COMMIT PREPARED 'kept_" + db + "'");
			server.execute(db, "INSERT INTO t VALUES (3)");
			List<ChangeEvent> events = collect(restarted, 2);
			assertThat(events).extracting(ChangeEvent::operation)
				.containsExactly(Operation.BEGIN, Operation.RELATION, Operation.INSERT, Operation.COMMIT, Operation.BEGIN, Operation.INSERT,
						Operation.COMMIT);
			assertThat(inserts(events)).extracting((row) -> row.get("id")).containsExactly(1, 3);
		}
	}

	@Test
	void cancellationShouldWakeAWaitingNextEvent(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		try (LogicalReplicationStream stream = open(server, db, "cancel", false)) {
			stream.start(null);
			CancellationToken token = new CancellationToken();
			CompletableFuture<ChangeEvent> waiting = CompletableFuture.supplyAsync(() -> stream.nextEvent(token));
			assertThat(waiting).isNotDone();
			token.cancel();
			assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
			assertThat(token.isCancelled()).isTrue();
		}
	}

	@Test
	void idleConnectionShouldOutliveTheServersWalSenderTimeout(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		try (LogicalReplicationStream stream = open(server, db, "idle", false)) {
			stream.start(null);
			long idleUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
			while (System.nanoTime() < idleUntil) {
				assertThat(stream.nextEvent(Duration.ofMillis(500))).isNull();
			}
			server.execute(db, "INSERT INTO t VALUES (42)");
			assertThat(inserts(collect(stream, 1))).extracting((row) -> row.get("id")).containsExactly(42);
			assertThat(stream.status().reconnects()).isZero();
			assertThat(server.log().text()).doesNotContain("replication timeout");
		}
	}

	@Test
	void slotShouldNotMovePastAnUnacknowledgedTransactionAcrossKeepalives(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		ReplicationStreamConfig config = config(db, "noack").autoAcknowledge(false)
			.feedbackInterval(Duration.ofMillis(200))
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection(server, db), config)) {
			stream.start(null);
			String slot = "slot_noack_" + db;
			String before = confirmedFlush(server, db, slot);
			server.execute(db, "INSERT INTO t VALUES (1)");
			List<ChangeEvent> events = collect(stream, 1);
			// more than two keepalive periods (wal_sender_timeout is 3 s) without an acknowledgement
			long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
			while (System.nanoTime() < until) {
				assertThat(stream.nextEvent(Duration.ofMillis(250))).isNull();
			}
			assertThat(confirmedFlush(server, db, slot)).isEqualTo(before);
			stream.acknowledge(((EventType.Commit) events.get(events.size() - 1).eventType()).endLsn());
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				stream.nextEvent(Duration.ofMillis(100));
				assertThat(confirmedFlush(server, db, slot)).isNotEqualTo(before);
			});
		}
	}

	@Test
	void callerAwayLongerThanTheServerTimeoutShouldNotCostAReconnection(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		ReplicationStreamConfig config = config(db, "away").serverTimeout(Duration.ofSeconds(2)).build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection(server, db), config)) {
			stream.start(null);
			assertThat(stream.nextEvent(Duration.ofMillis(200))).isNull();
			// the caller is busy elsewhere (a slow listener, a pause) for twice the server timeout
			Thread.sleep(4_000);
			assertThat(stream.nextEvent(Duration.ofMillis(200))).isNull();
			server.execute(db, "INSERT INTO t VALUES (7)");
			assertThat(inserts(collect(stream, 1))).extracting((row) -> row.get("id")).containsExactly(7);
			assertThat(stream.status().reconnects()).isZero();
		}
	}

	@Test
	void closeFromAnotherThreadShouldReleaseAWaitingReader(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		LogicalReplicationStream stream = open(server, db, "close", false);
		stream.start(null);
		CompletableFuture<ChangeEvent> waiting = CompletableFuture
			.supplyAsync(() -> stream.nextEvent(new CancellationToken()));
		assertThat(waiting).isNotDone();
		stream.close();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "t".equals(server.queryForString(db,
				"SELECT (NOT active)::text FROM pg_replication_slots WHERE slot_name = 'slot_close_" + db + "'").substring(0, 1)));
	}

	@Test
	void secondConsumerOfASlotShouldStandByAndTakeOverWhenTheFirstStops(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		LogicalReplicationStream active = open(server, db, "ha", false);
		try (LogicalReplicationStream standby = open(server, db, "ha", false)) {
			active.start(null);
			standby.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			assertThat(inserts(collect(active, 1))).extracting((row) -> row.get("id")).containsExactly(1);
			assertThat(standby.nextEvent(Duration.ofMillis(500))).isNull();
			assertThat(standby.isStandby()).isTrue();
			active.close();
			server.execute(db, "INSERT INTO t VALUES (2)");
			assertThat(inserts(collect(standby, 1))).extracting((row) -> row.get("id")).containsExactly(2);
			assertThat(standby.isStandby()).isFalse();
		}
		finally {
			active.close();
		}
	}

	private static String confirmedFlush(PostgresServer server, String db, String slot) {
		return server.queryForString(db,
				"SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
	}

	private static int expectedProtocol(PgVersion version) {
		return switch (version) {
			case PG14 -> 2;
			case PG15 -> 3;
			default -> 4;
		};
	}

	private LogicalReplicationStream open(PostgresServer server, String db, String name, boolean binary) {
		return LogicalReplicationStream.open(connection(server, db), config(db, name).binary(binary).build());
	}

	private ReplicationStreamConfig.Builder config(String db, String name) {
		return ReplicationStreamConfig.builder("slot_" + name + "_" + db, "pub").spillDirectory(this.spill);
	}


	/** The inserted rows, with byte arrays as hex so that maps compare by value. */
	private static List<Map<String, Object>> inserts(List<ChangeEvent> events) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (ChangeEvent event : events) {
			if (event.eventType() instanceof EventType.Insert insert) {
				Map<String, Object> row = new LinkedHashMap<>();
				insert.data().asMap().forEach((name, value) -> row.put(name,
						(value instanceof byte[] bytes) ? "hex:" + HexFormat.of().formatHex(bytes) : value));
				rows.add(row);
			}
		}
		return rows;
	}

}
