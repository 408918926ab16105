package dev.walstream.decode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGInterval;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walsender prints text values with the settings of the server, database or role, not of
 * the replication connection: a database whose {@code IntervalStyle} is not {@code postgres}
 * streams its intervals in that style, and they must decode as their binary form does.
 */
@EmbeddedPostgres
class WalsenderIntervalStyleIT {

	private static final List<String> INTERVALS = List.of("1 year 2 mons 3 days 04:05:06.789",
			"-1 year -2 mons +3 days -04:05:06", "-00:00:00.5", "0", "100 hours", "1 day -00:00:00.000001",
			"-3 days -04:05:06.5", "-1 mons", "1 year -1 sec");

	@TempDir
	Path spill;

	@ParameterizedTest
	@ValueSource(strings = { "postgres_verbose", "sql_standard", "iso_8601" })
	void intervalsShouldDecodeInTheDatabasesIntervalStyle(String style, PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "ALTER DATABASE " + db + " SET IntervalStyle = " + style);
		server.execute(db, "CREATE TABLE t (id int PRIMARY KEY, iv interval); CREATE PUBLICATION pub FOR TABLE t");
		try (LogicalReplicationStream text = open(server, db, "text", false);
				LogicalReplicationStream binary = open(server, db, "binary", true)) {
			// temporary slots, so that the shared server keeps its slots: they exist from start()
			text.start(null);
			binary.start(null);
			StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
			for (int i = 0; i < INTERVALS.size(); i++) {
				insert.append((i > 0) ? ", " : "").append('(').append(i).append(", '").append(INTERVALS.get(i)).append("')");
			}
			server.execute(db, insert.toString());
			List<Object> textValues = intervals(text);
			assertThat(textValues).hasSize(INTERVALS.size())
				.startsWith(new PGInterval(1, 2, 3, 4, 5, 6.789), new PGInterval(-1, -2, 3, -4, -5, -6))
				.isEqualTo(intervals(binary));
		}
	}

	private LogicalReplicationStream open(PostgresServer server, String db, String name, boolean binary) {
		ConnectionConfig connection = ConnectionConfig.builder()
			.jdbcUrl(server.jdbcUrl(db))
			.user(server.superuser())
			.password(server.superuserPassword())
			.build();
		return LogicalReplicationStream.open(connection, ReplicationStreamConfig.builder("slot_" + name + "_" + db, "pub")
			.spillDirectory(this.spill)
			.temporarySlot(true)
			.binary(binary)
			.build());
	}

	/** The interval column of the inserts of the first transaction. */
	private static List<Object> intervals(LogicalReplicationStream stream) {
		List<Object> values = new ArrayList<>();
		while (true) {
			ChangeEvent event = stream.nextEvent(Duration.ofSeconds(30));
			assertThat(event).isNotNull();
			if (event.isCommit()) {
				return values;
			}
			if (event.eventType() instanceof EventType.Insert insert) {
				values.add(insert.data().get("iv"));
			}
		}
	}

}
