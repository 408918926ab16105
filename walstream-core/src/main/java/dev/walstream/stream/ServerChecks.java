package dev.walstream.stream;

import java.time.Duration;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.SlotException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks {@code initialize()} runs before streaming, each failing with what to do about it.
 */
final class ServerChecks {

	private static final Logger logger = LoggerFactory.getLogger(ServerChecks.class);

	private ServerChecks() {
	}

	static void checkServer(ServerInfo server, ConnectionConfig connection) {
		if (server.majorVersion() < 10) {
			throw new PermanentConnectionException("PostgreSQL " + server.version()
					+ " has no pgoutput logical replication; walstream needs PostgreSQL 10 or later (14 or later for "
					+ "streaming, binary values and messages)");
		}
		if (!"logical".equals(server.walLevel())) {
			throw new PermanentConnectionException("The server's wal_level is '" + server.walLevel()
					+ "', but logical replication needs 'logical'. Run ALTER SYSTEM SET wal_level = logical and restart "
					+ "the server (on a managed service, enable its logical replication flag)");
		}
		if (!server.replication() && !server.superuser()) {
			throw new AuthenticationException("Role '" + server.user()
					+ "' may not replicate: it needs the REPLICATION attribute. Run ALTER ROLE "
					+ ServerCatalog.quoteIdentifier(server.user()) + " WITH REPLICATION (as a superuser)");
		}
		if (!connection.sslMode().verifiesServer() && !connection.isLocalHost()) {
			logger.warn("Connection to {} uses sslmode={}: replicated rows may travel unencrypted or to an "
					+ "impostor; use sslmode=verify-full", connection.host(), connection.sslMode().value());
		}
	}

	static void checkSlot(SlotInfo slot, String database, ReplicationStreamConfig config, ServerInfo server) {
		String name = slot.name();
		if (!"logical".equals(slot.slotType())) {
			throw new SlotException(name, SlotException.Reason.INCOMPATIBLE,
					"Replication slot '" + name + "' is a " + slot.slotType() + " slot; a logical slot is needed", null);
		}
		if (!"pgoutput".equals(slot.plugin())) {
			throw new SlotException(name, SlotException.Reason.INCOMPATIBLE, "Replication slot '" + name
					+ "' uses the output plugin '" + slot.plugin() + "'; walstream needs a pgoutput slot", null);
		}
		if (slot.database() != null && !slot.database().equals(database)) {
			throw new SlotException(name, SlotException.Reason.INCOMPATIBLE, "Replication slot '" + name
					+ "' belongs to database '" + slot.database() + "', not '" + database + "'", null);
		}
		if (slot.isLost()) {
			throw new SlotException(name, SlotException.Reason.INVALIDATED, "Replication slot '" + name
					+ "' lost WAL it needed (wal_status = 'lost', for example after max_slot_wal_keep_size was "
					+ "exceeded): changes were lost. Drop and re-create it deliberately, and resynchronise", null);
		}
		if (config.twoPhase() && !slot.twoPhase() && server.majorVersion() >= 15) {
			throw new SlotException(name, SlotException.Reason.INCOMPATIBLE, "Two-phase decoding is configured but slot '"
					+ name + "' was created without two_phase; re-create it with two_phase, or turn two-phase off", null);
		}
		if (config.failoverSlot() && !slot.failover() && server.majorVersion() >= 17) {
			// the slot works, but the protection asked for is missing: a failover would lose it
			logger.warn("Replication slot '{}' was created without failover, so standbys do not synchronize it and a "
					+ "failover to a standby loses it. Make it a failover slot on a replication connection: psql "
					+ "\"dbname={} replication=database\" -c 'ALTER_REPLICATION_SLOT {} (FAILOVER true)'", name, database,
					ServerCatalog.quoteIdentifier(name));
		}
	}

	/**
	 * Returns a feedback interval short enough for the server's {@code wal_sender_timeout}: the
	 * server drops a consumer that sends nothing for that long.
	 */
	static Duration effectiveFeedbackInterval(Duration configured, ServerInfo server) {
		long timeout = server.walSenderTimeoutMillis();
		if (timeout > 0 && configured.toMillis() > timeout / 3) {
			Duration shorter = Duration.ofMillis(Math.max(100, timeout / 3));
			logger.info("Sending status updates every {} ms instead of {} ms, a third of the server's wal_sender_timeout",
					shorter.toMillis(), configured.toMillis());
			return shorter;
		}
		return configured;
	}

	static String createTemporarySlotCommand(ReplicationStreamConfig config, @Nullable ServerInfo server) {
		String slot = ServerCatalog.quoteIdentifier(config.slotName());
		if (config.twoPhase() && server != null && server.majorVersion() >= 15) {
			return "CREATE_REPLICATION_SLOT " + slot + " TEMPORARY LOGICAL pgoutput (SNAPSHOT 'nothing', TWO_PHASE)";
		}
		return "CREATE_REPLICATION_SLOT " + slot + " TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT";
	}

}
