package dev.walstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A server of a test's own stops, crashes and starts again on the same data directory and port.
 */
@EmbeddedPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresServerRestartIT {

	private static @Nullable PostgresServer ownServerOfAnEarlierTest;

	@Test
	@Order(1)
	@EmbeddedPostgres(shared = false)
	void fastRestartKeepsDataSlotAndPort(PostgresServer server) {
		ownServerOfAnEarlierTest = server;
		String database = server.createDatabase();
		insertAfterCreatingSlot(server, database);
		int port = server.port();
		ServerLog log = server.log().fromNow();

		server.restart();

		assertThat(server.isRunning()).isTrue();
		assertThat(server.port()).isEqualTo(port);
		assertThat(log.text()).contains("received fast shutdown request")
			.doesNotContain("database system was not properly shut down");
		assertDataAndSlotKept(server, database);
	}

	@Test
	@Order(2)
	void ownServerIsClosedWhenItsTestEnds() {
		assertThat(ownServerOfAnEarlierTest).isNotNull();
		assertThat(ownServerOfAnEarlierTest.isRunning()).isFalse();
		assertThat(ownServerOfAnEarlierTest.dataDirectory()).doesNotExist();
		assertThat(ownServerOfAnEarlierTest.log().path()).exists();
	}

	@Test
	@EmbeddedPostgres(shared = false)
	void immediateShutdownCrashesAndRecoveryKeepsDataAndSlot(PostgresServer server) {
		String database = server.createDatabase();
		insertAfterCreatingSlot(server, database);
		ServerLog log = server.log().fromNow();

		server.restart(ShutdownMode.IMMEDIATE);

		assertThat(log.text()).contains("received immediate shutdown request",
				"database system was not properly shut down; automatic recovery in progress");
		assertDataAndSlotKept(server, database);
	}

	@Test
	@EmbeddedPostgres(shared = false, settings = "logical_decoding_work_mem=64kB")
	void stoppedServerRefusesConnectionsUntilStartedAgainWithItsSettings(PostgresServer server) {
		server.stop(ShutdownMode.IMMEDIATE);

		assertThat(server.isRunning()).isFalse();
		assertThatExceptionOfType(SQLException.class).isThrownBy(server::connect);
		assertThatIllegalStateException().isThrownBy(server::stop).withMessageContaining("not running");

		server.start();

		assertThat(server.queryForString("SHOW logical_decoding_work_mem")).isEqualTo("64kB");
		assertThat(server.queryForString("SHOW wal_level")).isEqualTo("logical");
		assertThatIllegalStateException().isThrownBy(server::start).withMessageContaining("already running");
	}

	@Test
	void sharedServerCannotBeStoppedOrClosedByATest(PostgresServer server) {
		assertThatIllegalStateException().isThrownBy(server::restart).withMessageContaining("shared = false");
		assertThatIllegalStateException().isThrownBy(server::close).withMessageContaining("shared = false");
		assertThat(server.isRunning()).isTrue();
	}

	@Test
	void builtServerBelongsToItsCaller() {
		Path dataDirectory;
		try (PostgresServer server = PostgresServer.builder(PgVersion.defaultVersion())
			.setting("work_mem", "8MB")
			.beforeStart((directory) -> Files.writeString(directory.resolve("marker.txt"), "prepared"))
			.start()) {
			dataDirectory = server.dataDirectory();
			assertThat(server.queryForString("SELECT pg_read_file('marker.txt')")).isEqualTo("prepared");
			assertThat(server.queryForString("SHOW work_mem")).isEqualTo("8MB");
			server.restart();
			assertThat(server.queryForString("SELECT 1")).isEqualTo("1");
		}
		assertThat(dataDirectory).doesNotExist();
	}

	private static void insertAfterCreatingSlot(PostgresServer server, String database) {
		server.execute(database, "CREATE TABLE items (id int PRIMARY KEY, name text)");
		server.execute(database, "SELECT pg_create_logical_replication_slot('kept_slot', 'test_decoding')");
		server.execute(database, "INSERT INTO items VALUES (1, 'one')");
	}

	private static void assertDataAndSlotKept(PostgresServer server, String database) {
		assertThat(server.queryForString(database, "SELECT name FROM items WHERE id = 1")).isEqualTo("one");
		assertThat(server.queryForString(database, "SELECT string_agg(data, '|')"
				+ " FROM pg_logical_slot_peek_changes('kept_slot', NULL, NULL)"))
			.contains("table public.items: INSERT: id[integer]:1 name[text]:'one'");
	}

}
