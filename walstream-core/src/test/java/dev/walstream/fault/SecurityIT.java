package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.walstream.error.AuthenticationException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Security against a real server: a publication whose name is an SQL injection attempt is used and
 * created as a plain name; a least-privileged role (LOGIN REPLICATION, SCRAM-SHA-256) streams; and a
 * password that stops working mid-stream ends the stream with a non-retried
 * {@link AuthenticationException}, with the password in no log line (walstream's through Logback,
 * pgjdbc's through java.util.logging at FINEST), no exception and no description.
 */
@EmbeddedPostgres(hba = { "host all walstream_scram 127.0.0.1/32 scram-sha-256",
		"host all walstream_scram ::1/128 scram-sha-256" })
class SecurityIT {

	private static final String HOSTILE_PUBLICATION = "pub'); DROP TABLE x; --\"";

	private static final String PASSWORD = "Tr0ub4dor-&-3-secret";

	@TempDir
	Path spill;

	@Test
	void publicationNamedLikeAnInjectionShouldBeUsedAndCreatedAsAPlainName(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE x (id int PRIMARY KEY); CREATE PUBLICATION \"pub'); DROP TABLE x; --\"\"\" "
				+ "FOR TABLE x");
		ReplicationStreamConfig existing = ReplicationStreamConfig.builder("slot_" + db, HOSTILE_PUBLICATION)
			.spillDirectory(this.spill)
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), existing)) {
			stream.start(null);
			server.execute(db, "INSERT INTO x VALUES (1)");
			assertThat(insertedIds(stream, 1)).containsExactly(1);
		}
		String created = "made'); DROP TABLE x; --\"";
		ReplicationStreamConfig creating = ReplicationStreamConfig.builder("slot2_" + db, created)
			.createPublication(true)
			.publicationTables(List.of("public.x"))
			.spillDirectory(this.spill)
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), creating)) {
			stream.start(null);
			server.execute(db, "INSERT INTO x VALUES (2)");
			assertThat(insertedIds(stream, 1)).containsExactly(2);
		}
		assertThat(server.queryForString(db, "SELECT string_agg(pubname, '|' ORDER BY pubname) FROM pg_publication"))
			.isEqualTo("made'); DROP TABLE x; --\"|" + HOSTILE_PUBLICATION);
		assertThat(server.queryForString(db, "SELECT count(*) FROM x")).isEqualTo("2");
	}

	@Test
	void passwordThatStopsWorkingShouldFailWithoutRetryAndAppearNowhere(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE t;"
				+ "DROP ROLE IF EXISTS walstream_scram; SET password_encryption = 'scram-sha-256';"
				+ "CREATE ROLE walstream_scram LOGIN REPLICATION PASSWORD '" + PASSWORD + "';"
				+ "GRANT SELECT ON t TO walstream_scram;");
		server.execute(db, "SELECT pg_create_logical_replication_slot('slot_" + db + "', 'pgoutput')");
		ConnectionConfig connection = LedgerConsumer.connection(server.host(), server.port(), db)
			.toBuilder()
			.user("walstream_scram")
			.password(PASSWORD)
			.build();
		ReplicationStreamConfig config = LedgerConsumer.config("slot_" + db, this.spill).createSlot(false).build();
		List<String> logged = new CopyOnWriteArrayList<>();
		try (LogCapture capture = new LogCapture(logged);
				LogicalReplicationStream stream = LogicalReplicationStream.open(connection, config)) {
			// SCRAM-SHA-256 as a role that is neither superuser nor publication owner
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			assertThat(insertedIds(stream, 1)).containsExactly(1);

			server.execute("ALTER ROLE walstream_scram PASSWORD 'changed-elsewhere'");
			server.execute(db, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'slot_"
					+ db + "' AND active_pid IS NOT NULL");
			Throwable failure = catchThrowable(() -> {
				long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
				while (System.nanoTime() - deadline < 0) {
					stream.nextEvent(Duration.ofMillis(200));
				}
			});
			System.out.println("Password changed mid-stream: " + failure);
			assertThat(failure).isInstanceOf(AuthenticationException.class)
				.hasMessageContaining("password authentication failed");
			assertThat(((AuthenticationException) failure).isRetryable()).isFalse();

			List<String> texts = new ArrayList<>(logged);
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				texts.add(cause.toString());
			}
			texts.add(connection.toString());
			texts.add(config.toString());
			texts.add(stream.status().toString());
			assertThat(logged).as("pgjdbc's protocol trace was captured").anyMatch((line) -> line.contains("FE=>"));
			assertThat(texts).noneMatch((text) -> text.contains(PASSWORD));
		}
	}

	private static List<Integer> insertedIds(LogicalReplicationStream stream, int count) {
		List<Integer> ids = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
			if (event != null && event.eventType() instanceof EventType.Insert insert) {
				ids.add(insert.data().get("id", Integer.class));
			}
			return ids.size() >= count;
		});
		return ids;
	}

	/** Captures walstream's log (Logback, root) and pgjdbc's (java.util.logging, FINEST). */
	private static final class LogCapture implements AutoCloseable {

		private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

		private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {

			@Override
			protected void append(ILoggingEvent event) {
				LogCapture.this.lines.add(event.getFormattedMessage()
						+ ((event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy())
								: ""));
			}

		};

		private final java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql");

		private final Level driverLevel = this.driver.getLevel();

		private final Handler handler = new Handler() {

			private final SimpleFormatter formatter = new SimpleFormatter();

			@Override
			public void publish(LogRecord record) {
				LogCapture.this.lines.add(this.formatter.format(record));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};

		private final List<String> lines;

		LogCapture(List<String> lines) {
			this.lines = lines;
			this.appender.start();
			this.root.addAppender(this.appender);
			this.handler.setLevel(Level.ALL);
			this.driver.setLevel(Level.FINEST);
			this.driver.addHandler(this.handler);
		}

		@Override
		public void close() {
			this.root.detachAppender(this.appender);
			this.driver.removeHandler(this.handler);
			this.driver.setLevel(this.driverLevel);
		}

	}

}
