package dev.walstream.stream;

import java.time.Instant;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * The server's view of the slot, read over a normal connection on the health-check interval.
 *
 * @param checkedAt when it was read
 * @param exists whether the slot exists at all
 * @param active whether a process streams from it
 * @param activePid that process, or {@code null}
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 * @param safeWalSizeBytes how many more bytes of WAL may be written before the slot is in danger
 * of losing WAL ({@code safe_wal_size}), or {@code null} when unlimited
 * @param retainedWalBytes how much WAL the server keeps for the slot (current position minus the
 * slot's restart LSN)
 * @param confirmedLagBytes how far the slot's confirmed position is behind the server's current
 * position
 * @param currentWalLsn the server's current WAL position
 * @param error why the check failed, or {@code null}
 * @since 0.1.0
 */
public record SlotHealth(Instant checkedAt, boolean exists, boolean active, @Nullable Integer activePid,
		@Nullable String walStatus, @Nullable Long safeWalSizeBytes, long retainedWalBytes, long confirmedLagBytes,
		@Nullable Lsn currentWalLsn, @Nullable String error) {

	/**
	 * Whether the server removed WAL the slot needed, so that changes were lost.
	 * @return {@code true} when the slot is gone or its {@code wal_status} is {@code lost}
	 */
	public boolean isLost() {
		return this.error == null && (!this.exists || "lost".equals(this.walStatus));
	}

	static SlotHealth failed(String error) {
		return new SlotHealth(Instant.now(), false, false, null, null, null, 0, 0, null, error);
	}

}
