package dev.walstream.benchmarks.e2e;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL's own client, {@code pg_recvlogical}, writing what it receives to {@code /dev/null}:
 * measured only when it is installed (Debian: {@code apt-get install postgresql-client}). It runs to
 * the end position the workload left, so its time includes connecting (a few milliseconds); its CPU
 * time is read from this process's reaped-children counters in {@code /proc/self/stat}.
 */
final class PgRecvLogical {

	private final Path executable;

	private PgRecvLogical(Path executable) {
		this.executable = executable;
	}

	/**
	 * Finds {@code pg_recvlogical}: the newest in {@code /usr/lib/postgresql/<version>/bin}, else on
	 * the {@code PATH}.
	 * @return the client, if installed
	 */
	static Optional<PgRecvLogical> locate() {
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Optional<Path> newest = versions.map((version) -> version.resolve("bin/pg_recvlogical"))
					.filter(Files::isExecutable)
					.max(Comparator.comparingInt(PgRecvLogical::majorVersionOf));
				if (newest.isPresent()) {
					return newest.map(PgRecvLogical::new);
				}
			}
			catch (IOException ex) {
				// fall back to the PATH
			}
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory, "pg_recvlogical");
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(new PgRecvLogical(candidate));
			}
		}
		return Optional.empty();
	}

	private static int majorVersionOf(Path executable) {
		try {
			return Integer.parseInt(executable.getParent().getParent().getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Returns the client's version line, such as {@code pg_recvlogical (PostgreSQL) 15.18}.
	 * @return the version
	 */
	String version() {
		try {
			Process process = new ProcessBuilder(this.executable.toString(), "--version").redirectErrorStream(true).start();
			String version = new String(process.getInputStream().readAllBytes()).trim();
			process.waitFor(10, TimeUnit.SECONDS);
			return version;
		}
		catch (IOException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/**
	 * Reads the slot to {@code endLsn}.
	 * @param target the slot
	 * @param endLsn the end of the workload's last commit
	 * @return the measurement; the change count is the expected one, as the client cannot count
	 * @throws IOException if the client cannot run or fails
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	ConsumerResult consume(ConsumerTarget target, String endLsn) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), "--host", target.host(), "--port",
				Integer.toString(target.port()), "--username", target.user(), "--dbname", target.database(), "--slot",
				target.slot(), "--start", "--no-loop", "--endpos", endLsn, "--file", "/dev/null", "--fsync-interval", "0",
				"--option", "proto_version=1", "--option", "publication_names=" + target.publication()));
		if (target.binary()) {
			command.addAll(List.of("--option", "binary=true"));
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(Redirect.DISCARD)
			.redirectError(Redirect.INHERIT);
		builder.environment().put("PGPASSWORD", target.password());
		long cpuBefore = reapedChildrenCpuNanos();
		long start = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IOException("pg_recvlogical did not reach " + endLsn + " in 30 minutes");
		}
		long elapsed = System.nanoTime() - start;
		if (process.exitValue() != 0) {
			throw new IOException("pg_recvlogical exited with " + process.exitValue());
		}
		long cpu = reapedChildrenCpuNanos() - cpuBefore;
		return new ConsumerResult(target.changes(), -1, elapsed, (cpu >= 0) ? cpu : -1, 0, null, null);
	}

	/**
	 * Returns {@code cutime + cstime} of this process: the CPU time of the children it has reaped.
	 */
	static long reapedChildrenCpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (USER_HZ = 100)
			long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			return ticks * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return Long.MIN_VALUE / 2;
		}
	}

}
