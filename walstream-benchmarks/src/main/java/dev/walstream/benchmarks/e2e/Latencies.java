package dev.walstream.benchmarks.e2e;

import java.time.Instant;
import java.util.Arrays;

/**
 * Commit-to-arrival latencies of the changes a consumer received live: the time the consumer had
 * the change in hand (wall clock, microseconds) minus the commit time the server wrote into the
 * transaction's commit record and sent in its Begin message. Both are the same host's
 * {@code CLOCK_REALTIME}, so no clock offset enters, and both have microsecond resolution.
 *
 * @param p50Micros the median
 * @param p99Micros the 99th percentile
 * @param maxMicros the largest
 * @param count how many changes were counted (the warm-up left out)
 */
public record Latencies(long p50Micros, long p99Micros, long maxMicros, int count) {

	/** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01 00:00:00 UTC. */
	private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

	/**
	 * Summarizes latencies.
	 * @param micros the latencies, in microseconds; sorted in place
	 * @param count how many of {@code micros} are filled
	 * @return the summary
	 */
	static Latencies of(long[] micros, int count) {
		if (count == 0) {
			throw new IllegalStateException("No latency was recorded after the warm-up");
		}
		Arrays.sort(micros, 0, count);
		return new Latencies(percentile(micros, count, 50), percentile(micros, count, 99), micros[count - 1], count);
	}

	/** The nearest-rank percentile: the smallest value at least {@code percent} % of all are not above. */
	private static long percentile(long[] sorted, int count, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * count);
		return sorted[Math.max(rank, 1) - 1];
	}

	/**
	 * Returns the current wall-clock time.
	 * @return microseconds since the Unix epoch
	 */
	static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	/**
	 * Converts a replication protocol timestamp, such as a Begin message's commit time.
	 * @param postgresMicros microseconds since 2000-01-01 00:00:00 UTC
	 * @return microseconds since the Unix epoch
	 */
	static long fromPostgresMicros(long postgresMicros) {
		return postgresMicros + POSTGRES_EPOCH_MICROS;
	}

	/**
	 * Converts an {@link Instant}, such as a walstream {@code ChangeEvent}'s commit time.
	 * @param instant the instant
	 * @return microseconds since the Unix epoch
	 */
	static long toMicros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

}
