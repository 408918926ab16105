package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.RetryConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ShutdownMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two-phase commit across a server crash (N15): a transaction prepared before an immediate stop is
 * delivered once, whole, when it is committed after the restart; one prepared and rolled back after
 * the restart is never delivered; the stream reconnects by itself.
 */
class PreparedTransactionCrashIT {

	@TempDir
	Path spill;

	@Test
	void preparedTransactionShouldBeDeliveredOnlyAtCommitPreparedAcrossACrash(
			@EmbeddedPostgres(shared = false) PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE t;");
		ConnectionConfig connection = ConnectionConfig.builder()
			.host(server.host())
			.port(server.port())
			.database(db)
			.user(server.superuser())
			.password(server.superuserPassword())
			.build();
		RetryConfig fastRetry = new RetryConfig(0, Duration.ofMillis(100), Duration.ofMillis(500), 2.0, Duration.ZERO, 0.1);
		ReplicationStreamConfig config = ReplicationStreamConfig.builder("slot_2pc", "pub")
			.twoPhase(true)
			.retry(fastRetry)
			.spillDirectory(this.spill)
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection, config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			server.execute(db, "BEGIN; INSERT INTO t VALUES (2); INSERT INTO t VALUES (3); PREPARE TRANSACTION 'kept'");
			server.execute(db, "BEGIN; INSERT INTO t VALUES (4); PREPARE TRANSACTION 'dropped'");
			List<Integer> ids = new ArrayList<>();
			readUntil(stream, ids, 1);
			server.restart(ShutdownMode.IMMEDIATE);
			server.execute(db, "COMMIT PREPARED 'kept'");
			server.execute(db, "ROLLBACK PREPARED 'dropped'");
			server.execute(db, "INSERT INTO t VALUES (5)");
			readUntil(stream, ids, 4);
			// nothing else: the rolled-back one never, the committed one not twice
			for (ChangeEvent event = stream.nextEvent(Duration.ofSeconds(1)); event != null; event = stream
				.nextEvent(Duration.ofSeconds(1))) {
				if (event.eventType() instanceof EventType.Insert insert) {
					ids.add(insert.data().get("id", Integer.class));
				}
			}
			assertThat(ids).containsExactly(1, 2, 3, 5);
			assertThat(stream.status().reconnects()).isPositive();
		}
	}

	private static void readUntil(LogicalReplicationStream stream, List<Integer> ids, int count) {
		while (ids.size() < count) {
			ChangeEvent event = stream.nextEvent(Duration.ofSeconds(30));
			assertThat(event).as("event after ids %s", ids).isNotNull();
			if (event.eventType() instanceof EventType.Insert insert) {
				ids.add(insert.data().get("id", Integer.class));
			}
		}
	}

}
