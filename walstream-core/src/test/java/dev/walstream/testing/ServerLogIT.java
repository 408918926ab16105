package dev.walstream.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests read what the server logs, such as a walsender giving up on a silent client.
 */
@EmbeddedPostgres(settings = "wal_sender_timeout=1s")
class ServerLogIT {

	@Test
	void showsTheWalsenderTimeoutOfAClientThatNeverReplies(PostgresServer server) throws Exception {
		String database = server.createDatabase();
		server.execute(database, "SELECT pg_create_logical_replication_slot('silent_slot', 'test_decoding')");
		ServerLog log = server.log().fromNow();

		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), replication(server))) {
			connection.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName("silent_slot")
				.withStatusInterval(1, TimeUnit.HOURS)
				.start();
			// the client never reads, so it never answers the walsender's keepalives
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(log.text())
					.contains("terminating walsender process due to replication timeout"));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> server.queryForString(database,
					"SELECT active FROM pg_replication_slots WHERE slot_name = 'silent_slot'"), "f"::equals);
		server.execute(database, "SELECT pg_drop_replication_slot('silent_slot')");
		assertThat(log.path()).exists();
	}

	private static Properties replication(PostgresServer server) {
		Properties properties = new Properties();
		PGProperty.USER.set(properties, server.superuser());
		PGProperty.PASSWORD.set(properties, server.superuserPassword());
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "14");
		return properties;
	}

}
