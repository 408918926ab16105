package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.error.PermanentConnectionException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * N19 and fault 6: the publication changes under a running stream. What PostgreSQL does decides
 * what walstream can do: a table added is published from the change after the {@code ALTER} on,
 * described by a Relation message like any other; a table removed from the publication is simply no longer published (pgoutput sends
 * nothing for it, so no consumer can tell; documented, not detected), while a dropped publication
 * fails the walsender at the next change with "publication ... does not exist", which the stream
 * reports as a non-retried {@link PermanentConnectionException} naming the publication.
 */
@EmbeddedPostgres
class PublicationChangeIT {

	private static final String SCHEMA = Ledger.SCHEMA + "CREATE TABLE marker (id int PRIMARY KEY);"
			+ "ALTER PUBLICATION pub ADD TABLE marker;";

	@TempDir
	Path spill;

	@Test
	void tableRemovedFromThePublicationShouldSilentlyStopBeingPublished(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, SCHEMA);
		String slot = "slot_" + db;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), LedgerConsumer.config(slot, this.spill).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'published')");
			assertThat(tablesUntilMarker(stream, db, server, 1)).containsExactly("ledger", "marker");
			server.execute(db, "ALTER PUBLICATION pub DROP TABLE ledger");
			server.execute(db, "INSERT INTO ledger VALUES (2, 2, 'no longer published')");
			assertThat(tablesUntilMarker(stream, db, server, 2)).as("nothing of ledger, and no error either")
				.containsExactly("marker");
		}
	}

	@Test
	void tableAddedToThePublicationShouldBePublishedFromThenOnWithItsDefinition(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, SCHEMA + "CREATE TABLE late (id int PRIMARY KEY, note text, at timestamptz);");
		String slot = "slot_" + db;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), LedgerConsumer.config(slot, this.spill).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO late VALUES (1, 'before', now())");
			assertThat(tablesUntilMarker(stream, db, server, 1)).as("not published yet").containsExactly("marker");
			server.execute(db, "ALTER PUBLICATION pub ADD TABLE late");
			server.execute(db, "INSERT INTO late VALUES (2, 'after', '2026-11-26 10:00:00+00')");
			List<EventType.Insert> inserts = insertsUntilMarker(stream, db, server, 2);
			assertThat(inserts).extracting(EventType.Insert::table).containsExactly("late", "marker");
			EventType.Insert late = inserts.get(0);
			assertThat(late.data().get("id", Integer.class)).isEqualTo(2);
			assertThat(late.data().get("note", String.class)).isEqualTo("after");
			assertThat(late.data().get("at", OffsetDateTime.class))
				.isEqualTo(OffsetDateTime.of(2026, 11, 26, 10, 0, 0, 0, ZoneOffset.UTC));
		}
	}

	@Test
	void droppedPublicationShouldFailTheStreamWithoutRetryNamingThePublication(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, SCHEMA);
		String slot = "slot_" + db;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), LedgerConsumer.config(slot, this.spill).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'published')");
			assertThat(tablesUntilMarker(stream, db, server, 1)).containsExactly("ledger", "marker");
			server.execute(db, "DROP PUBLICATION pub");
			server.execute(db, "INSERT INTO ledger VALUES (2, 2, 'after the drop')");
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> {
				while (System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
					ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
					assertThat(event).as("nothing delivered after the drop").isNull();
				}
			});
			System.out.println("Dropped publication: " + failure + " after "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms, reconnects "
					+ stream.status().reconnects());
			assertThat(failure).isInstanceOfSatisfying(PermanentConnectionException.class, (ex) -> {
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex).hasMessageContaining("publication \"pub\" does not exist");
			});
			assertThat(stream.status().reconnects()).isZero();
		}
	}

	/** Inserts a marker row and returns the tables of the changes delivered up to it. */
	private static List<String> tablesUntilMarker(LogicalReplicationStream stream, String db, PostgresServer server,
			int marker) {
		return insertsUntilMarker(stream, db, server, marker).stream().map(EventType.Insert::table).toList();
	}

	/** Inserts a marker row and returns the inserts delivered up to it. */
	private static List<EventType.Insert> insertsUntilMarker(LogicalReplicationStream stream, String db,
			PostgresServer server, int marker) {
		server.execute(db, "INSERT INTO marker VALUES (" + marker + ")");
		List<EventType.Insert> inserts = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() - deadline < 0) {
			ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
			if (event != null && event.eventType() instanceof EventType.Insert insert) {
				inserts.add(insert);
			}
			else if (event != null && event.eventType() instanceof EventType.Commit commit
					&& inserts.stream().anyMatch((insert) -> insert.table().equals("marker"))) {
				stream.acknowledge(commit.endLsn());
				return inserts;
			}
		}
		throw new AssertionError("marker " + marker + " not delivered; inserts so far " + inserts);
	}

}
