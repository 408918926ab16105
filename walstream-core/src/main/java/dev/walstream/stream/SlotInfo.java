package dev.walstream.stream;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * A replication slot as {@code pg_replication_slots} shows it.
 *
 * @param name the slot's name
 * @param plugin its output plugin, {@code null} for a physical slot
 * @param slotType {@code logical} or {@code physical}
 * @param database the database of a logical slot
 * @param temporary whether it is dropped when its session ends
 * @param active whether a process streams from it now
 * @param activePid that process's id, or {@code null}
 * @param restartLsn the oldest WAL it needs
 * @param confirmedFlushLsn the position up to which its consumer confirmed changes
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 * @param twoPhase whether it decodes prepared transactions
 * @param failover whether it is synchronised to standbys (PostgreSQL 17+)
 * @since 0.1.0
 */
public record SlotInfo(String name, @Nullable String plugin, String slotType, @Nullable String database,
		boolean temporary, boolean active, @Nullable Integer activePid, @Nullable Lsn restartLsn,
		@Nullable Lsn confirmedFlushLsn, @Nullable String walStatus, boolean twoPhase, boolean failover) {

	/**
	 * Whether the server removed WAL the slot needed, so that changes were lost.
	 * @return {@code true} when {@code wal_status} is {@code lost}
	 */
	public boolean isLost() {
		return "lost".equals(this.walStatus);
	}

}
