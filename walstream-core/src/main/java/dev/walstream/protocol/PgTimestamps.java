package dev.walstream.protocol;

import java.time.Instant;

/**
 * Conversions between {@link Instant} and the replication protocol's timestamps: microseconds
 * since 2000-01-01 00:00:00 UTC.
 */
final class PgTimestamps {

	/** Seconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01. */
	private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

	private PgTimestamps() {
	}

	static Instant toInstant(long microsSince2000) {
		return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(microsSince2000, 1_000_000L),
				Math.floorMod(microsSince2000, 1_000_000L) * 1_000L);
	}

	static long toMicros(Instant instant) {
		return Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L)
				+ instant.getNano() / 1_000L;
	}

}
