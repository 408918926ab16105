package dev.walstream.benchmarks.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link ReplicationWorkload#LATENCY} workload's writer: single-row inserts, each its own
 * transaction, committed on a connection of its own at a fixed rate. The schedule is fixed, not
 * back to back: commit {@code i} is due at {@code start + i / rate}; a commit that comes late does
 * not move the ones after it, so the rate holds on average and a stall shows as a burst.
 */
final class LatencyWriter {

	private LatencyWriter() {
	}

	/**
	 * Writes the changes.
	 * @param connection a connection in auto-commit mode, used by nothing else meanwhile
	 * @param rate commits a second
	 * @param count how many commits
	 * @return how well the schedule was kept
	 * @throws SQLException if an insert fails
	 */
	static Schedule write(Connection connection, int rate, int count) throws SQLException {
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
		long maxLateNanos = 0;
		long start = System.nanoTime();
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO ticks (id, created, note) VALUES (?, clock_timestamp(), 'tick')")) {
			for (int i = 0; i < count; i++) {
				long due = start + i * periodNanos;
				long wait = due - System.nanoTime();
				while (wait > 0) {
					LockSupport.parkNanos(wait);
					wait = due - System.nanoTime();
				}
				maxLateNanos = Math.max(maxLateNanos, -wait);
				insert.setLong(1, i + 1);
				insert.executeUpdate();
			}
		}
		return new Schedule(count, System.nanoTime() - start, maxLateNanos);
	}

	/**
	 * How the writer kept its schedule.
	 *
	 * @param commits the transactions committed
	 * @param elapsedNanos from the first commit's due time to the last commit's return
	 * @param maxLateNanos the longest a commit started after its due time
	 */
	record Schedule(int commits, long elapsedNanos, long maxLateNanos) {

		double commitsPerSecond() {
			return this.commits / (this.elapsedNanos / 1e9);
		}

	}

}
