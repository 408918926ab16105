package dev.walstream.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * Questions and changes that go over a normal connection: the server's settings, the role's
 * rights, the slot and the publication. Every identifier is quoted and every value bound, so no
 * configuration value can change the statements' meaning.
 */
final class ServerCatalog {

	private final Connection connection;

	ServerCatalog(Connection connection) {
		this.connection = connection;
	}

	ServerInfo inspect() throws SQLException {
		try (Statement statement = this.connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')::int, "
						+ "current_setting('server_version'), current_setting('wal_level'), "
						+ "(SELECT setting::bigint FROM pg_settings WHERE name = 'wal_sender_timeout'), current_user, "
						+ "r.rolsuper, r.rolreplication FROM pg_roles r WHERE r.rolname = current_user")) {
			result.next();
			return new ServerInfo(result.getInt(1), result.getString(2), result.getString(3), result.getLong(4),
					result.getString(5), result.getBoolean(6), result.getBoolean(7));
		}
	}

	@Nullable SlotInfo findSlot(String slotName, int majorVersion) throws SQLException {
		String twoPhase = (majorVersion >= 14) ? "two_phase" : "false";
		String failover = (majorVersion >= 17) ? "failover" : "false";
		String walStatus = (majorVersion >= 13) ? "wal_status" : "NULL";
		String sql = "SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid, restart_lsn::text, "
				+ "confirmed_flush_lsn::text, " + walStatus + ", " + twoPhase + ", " + failover
				+ " FROM pg_replication_slots WHERE slot_name = ?";
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, slotName);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return null;
				}
				int pid = result.getInt(7);
				return new SlotInfo(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
						result.getBoolean(5), result.getBoolean(6), result.wasNull() ? null : pid,
						lsnOrNull(result.getString(8)), lsnOrNull(result.getString(9)), result.getString(10),
						result.getBoolean(11), result.getBoolean(12));
			}
		}
	}

	private static @Nullable Lsn lsnOrNull(@Nullable String text) {
		return (text != null) ? Lsn.parse(text) : null;
	}

	void createSlot(String slotName, boolean twoPhase, boolean failover, int majorVersion) throws SQLException {
		String sql;
		if (majorVersion >= 17) {
			sql = "SELECT pg_create_logical_replication_slot(?, 'pgoutput', false, ?, ?)";
		}
		else if (majorVersion >= 14) {
			sql = "SELECT pg_create_logical_replication_slot(?, 'pgoutput', false, ?)";
		}
		else {
			sql = "SELECT pg_create_logical_replication_slot(?, 'pgoutput')";
		}
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, slotName);
			if (majorVersion >= 14) {
				statement.setBoolean(2, twoPhase);
			}
			if (majorVersion >= 17) {
				statement.setBoolean(3, failover);
			}
			statement.execute();
		}
	}

	SlotHealth slotHealth(String slotName, int majorVersion) throws SQLException {
		String walStatus = (majorVersion >= 13) ? "wal_status, safe_wal_size" : "NULL, NULL";
		String sql = "SELECT active, active_pid, " + walStatus + ", "
				+ "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint, "
				+ "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint, "
				+ "pg_current_wal_lsn()::text FROM pg_replication_slots WHERE slot_name = ?";
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, slotName);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return new SlotHealth(java.time.Instant.now(), false, false, null, null, null, 0, 0, null, null);
				}
				int pid = result.getInt(2);
				Integer activePid = result.wasNull() ? null : pid;
				long safe = result.getLong(4);
				Long safeWalSize = result.wasNull() ? null : safe;
				return new SlotHealth(java.time.Instant.now(), true, result.getBoolean(1), activePid, result.getString(3),
						safeWalSize, result.getLong(5), result.getLong(6), Lsn.parse(result.getString(7)), null);
			}
		}
	}

	/** Writes a non-transactional logical message, which the slot's consumer receives at once. */
	void emitHeartbeat(String content) throws SQLException {
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT pg_logical_emit_message(false, ?, ?)")) {
			statement.setString(1, HEARTBEAT_PREFIX);
			statement.setString(2, content);
			statement.execute();
		}
	}

	/** The prefix of heartbeat messages, which the stream does not deliver. */
	static final String HEARTBEAT_PREFIX = "walstream.heartbeat";

	boolean publicationExists(String publicationName) throws SQLException {
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
			statement.setString(1, publicationName);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	void createPublication(String publicationName, List<String> tables) throws SQLException {
		String target = tables.isEmpty() ? "FOR ALL TABLES"
				: "FOR TABLE " + tables.stream().map(ServerCatalog::quoteQualified).collect(Collectors.joining(", "));
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("CREATE PUBLICATION " + quoteIdentifier(publicationName) + " " + target);
		}
	}

	static String quoteQualified(String name) {
		int dot = name.indexOf('.');
		return (dot < 0) ? quoteIdentifier(name)
				: quoteIdentifier(name.substring(0, dot)) + "." + quoteIdentifier(name.substring(dot + 1));
	}

	static String quoteIdentifier(String identifier) {
		if (identifier.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("An identifier cannot contain a zero character");
		}
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	static String quoteLiteral(String value) {
		if (value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("A literal cannot contain a zero character");
		}
		return "'" + value.replace("'", "''") + "'";
	}

}
