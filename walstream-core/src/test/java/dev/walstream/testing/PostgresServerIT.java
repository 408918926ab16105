package dev.walstream.testing;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every supported major version starts from the build's binaries and decodes logically.
 */
@EmbeddedPostgres
class PostgresServerIT {

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void startsTheRequestedVersionWithLogicalWalLevel(PgVersion version, PostgresServers servers) {
		PostgresServer server = servers.get(version);
		assertThat(server.majorVersion()).isEqualTo(version.major());
		assertThat(server.queryForString("SHOW server_version_num")).startsWith(String.valueOf(version.major()))
			.hasSize(6);
		assertThat(server.serverVersion()).startsWith(version.major() + ".");
		assertThat(server.queryForString("SHOW wal_level")).isEqualTo("logical");
		assertThat(server.queryForString("SHOW max_replication_slots")).isEqualTo("20");
		assertThat(server.queryForString("SHOW max_wal_senders")).isEqualTo("20");
		assertThat(server.queryForString("SHOW max_prepared_transactions")).isEqualTo("10");
		assertThat(server.queryForString("SHOW fsync")).isEqualTo("off");
	}

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void peeksPgoutputMessagesOfAnInsert(PgVersion version, PostgresServers servers) throws SQLException {
		PostgresServer server = servers.get(version);
		String database = server.createDatabase();
		server.execute(database, """
				CREATE TABLE items (id int PRIMARY KEY, name text);
				CREATE PUBLICATION items_publication FOR TABLE items;
				""");
		// a slot is created outside a transaction that wrote, so not in the same execute
		server.execute(database, "SELECT pg_create_logical_replication_slot('items_slot', 'pgoutput')");
		server.execute(database, "INSERT INTO items VALUES (1, 'one')");
		List<byte[]> messages = new ArrayList<>();
		try (Connection connection = server.connect(database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT data FROM pg_logical_slot_peek_binary_changes("
						+ "'items_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'items_publication')")) {
			while (result.next()) {
				messages.add(result.getBytes(1));
			}
		}
		assertThat(messages).extracting((message) -> (char) message[0]).containsExactly('B', 'R', 'I', 'C');
		assertThat(new String(messages.get(2), StandardCharsets.UTF_8)).contains("one");
		server.execute(database, "SELECT pg_drop_replication_slot('items_slot')");
	}

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void decodesWithTestDecoding(PgVersion version, PostgresServers servers) {
		PostgresServer server = servers.get(version);
		String database = server.createDatabase();
		server.execute(database, "CREATE TABLE items (id int PRIMARY KEY, name text)");
		server.execute(database, "SELECT pg_create_logical_replication_slot('text_slot', 'test_decoding')");
		server.execute(database, "INSERT INTO items VALUES (1, 'one')");
		assertThat(server.queryForString(database,
				"SELECT string_agg(data, '|') FROM pg_logical_slot_get_changes('text_slot', NULL, NULL)"))
			.contains("table public.items: INSERT: id[integer]:1 name[text]:'one'");
		server.execute(database, "SELECT pg_drop_replication_slot('text_slot')");
	}

}
