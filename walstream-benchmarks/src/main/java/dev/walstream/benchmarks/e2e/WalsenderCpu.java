package dev.walstream.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Follows the CPU time of the walsender serving a slot while a consumer reads it: the server's side
 * of the cost (decoding, output functions, sending). Every 20 ms it looks up the slot's
 * {@code active_pid} and reads that process's {@code utime + stime} from {@code /proc}; the last
 * reading before the walsender exits is the figure, so up to 20 ms of the end may be missed. The
 * embedded server runs in a user namespace only, so its processes are visible in this one's
 * {@code /proc}.
 */
final class WalsenderCpu implements AutoCloseable {

	private static final long PERIOD_MILLIS = 20;

	private final Thread sampler;

	private volatile boolean stopped;

	private volatile long cpuNanos = -1;

	private volatile int pid;

	private WalsenderCpu(Connection connection, String slot) {
		this.sampler = new Thread(() -> sample(connection, slot), "walsender-cpu-" + slot);
		this.sampler.setDaemon(true);
	}

	/**
	 * Starts following the walsender of a slot.
	 * @param connection a connection of its own, closed by {@link #close()}
	 * @param slot the slot
	 * @return the sampler
	 */
	static WalsenderCpu follow(Connection connection, String slot) {
		WalsenderCpu cpu = new WalsenderCpu(connection, slot);
		cpu.sampler.start();
		return cpu;
	}

	private void sample(Connection connection, String slot) {
		try (connection;
				PreparedStatement query = connection
					.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
			query.setString(1, slot);
			while (!this.stopped) {
				int active = 0;
				try (ResultSet result = query.executeQuery()) {
					if (result.next()) {
						active = result.getInt(1);
					}
				}
				if (active != 0) {
					this.pid = active;
				}
				if (this.pid != 0) {
					long nanos = processCpuNanos(this.pid);
					if (nanos >= 0) {
						this.cpuNanos = nanos;
					}
				}
				TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
			}
		}
		catch (SQLException | InterruptedException ex) {
			// the figure stays at its last reading
		}
	}

	private static long processCpuNanos(int pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15, in clock ticks (USER_HZ = 100)
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Stops following and returns the walsender's CPU time.
	 * @return the CPU time in nanoseconds, or {@code -1} if the walsender was never seen
	 */
	long stop() {
		this.stopped = true;
		try {
			this.sampler.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.cpuNanos;
	}

	@Override
	public void close() {
		stop();
	}

}
