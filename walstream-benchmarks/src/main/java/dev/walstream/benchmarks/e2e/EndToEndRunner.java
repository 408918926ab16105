package dev.walstream.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.walstream.testing.PgVersion;
import dev.walstream.testing.PostgresServer;

/**
 * Runs the end-to-end benchmark: starts PostgreSQL 17, and for every workload and consumer empties
 * the table, creates a slot, loads the workload, checkpoints, and lets the consumer read the backlog
 * from its slot, which measures the consumer together with the server's decoding, as a real
 * catch-up does. The consumer runs in a JVM of its own ({@code pg_recvlogical} as its own process).
 * A live workload ({@link ReplicationWorkload#live()}) has no backlog: the consumer starts on the
 * empty slot and the changes are committed while it streams.
 */
public final class EndToEndRunner {

	static final String DATABASE = "bench";

	static final String PUBLICATION = "bench_pub";

	private final EndToEndOptions options;

	private final Optional<PgRecvLogical> pgRecvLogical = PgRecvLogical.locate();

	private int slots;

	private String serverVersion = "?";

	/**
	 * Creates a runner.
	 * @param options the options
	 */
	public EndToEndRunner(EndToEndOptions options) {
		this.options = options;
	}

	/**
	 * Runs every workload with every consumer.
	 * @return the measurements, in workload then consumer order
	 * @throws Exception if the server or a load fails; a failing consumer is reported, not thrown
	 */
	public List<Measurement> run() throws Exception {
		List<Measurement> measurements = new ArrayList<>();
		try (PostgresServer server = PostgresServer.builder(PgVersion.PG17)
			.setting("max_wal_size", "8GB")
			.setting("checkpoint_timeout", "1h")
			.setting("shared_buffers", "256MB")
			.start()) {
			this.serverVersion = server.serverVersion();
			log("PostgreSQL " + this.serverVersion + " on port " + server.port());
			server.execute("CREATE DATABASE " + DATABASE);
			try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
				for (ReplicationWorkload workload : ReplicationWorkload.values()) {
					statement.execute(workload.createTable());
				}
				statement.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE "
						+ List.of(ReplicationWorkload.values()).stream().map(ReplicationWorkload::table).collect(Collectors.joining(", ")));
				for (int round = 1; round <= this.options.repeat(); round++) {
					for (ReplicationWorkload workload : this.options.workloads()) {
						for (ConsumerKind consumer : this.options.consumers()) {
							measurements.add(measure(round, server, statement, workload, consumer));
						}
					}
				}
			}
		}
		return measurements;
	}

	/**
	 * Returns the server's version, once {@link #run()} started it.
	 * @return the version, such as {@code 17.11}
	 */
	public String serverVersion() {
		return this.serverVersion;
	}

	/**
	 * Returns the version of {@code pg_recvlogical}, if installed.
	 * @return the version line, or a note that it is missing
	 */
	public String pgRecvLogicalVersion() {
		return this.pgRecvLogical.map(PgRecvLogical::version).orElse("not installed");
	}

	private Measurement measure(int round, PostgresServer server, Statement statement, ReplicationWorkload workload,
			ConsumerKind consumer) throws SQLException {
		String name = EndToEndOptions.nameOf(workload) + " / " + consumer.id()
				+ ((this.options.repeat() > 1) ? " #" + round : "");
		if (consumer == ConsumerKind.PG_RECVLOGICAL && this.pgRecvLogical.isEmpty()) {
			return Measurement.skipped(round, workload, consumer, "not installed");
		}
		if (consumer == ConsumerKind.PG_RECVLOGICAL && workload.live()) {
			return Measurement.skipped(round, workload, consumer, "Java consumers only");
		}
		int changes = workload.changes(this.options);
		String slot = "bench_" + (++this.slots);
		workload.prepare(statement, changes);
		statement.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
		long loadStart = System.nanoTime();
		workload.load(statement, changes);
		String endLsn = queryString(statement, "SELECT pg_current_wal_insert_lsn()");
		if (!workload.live()) {
			statement.execute("CHECKPOINT");
			log(String.format("%s: %,d changes loaded in %.1f s, reading slot %s", name, changes,
					(System.nanoTime() - loadStart) / 1e9, slot));
		}
		int latencyFrom = workload.live() ? this.options.rate() * this.options.warmupSeconds() : -1;
		ConsumerTarget target = new ConsumerTarget(server.host(), server.port(), DATABASE, server.superuser(),
				server.superuserPassword(), slot, PUBLICATION, changes, consumer.binary(), latencyFrom,
				workload.timedFromStart());
		WalsenderCpu walsender = WalsenderCpu.follow(server.connect(DATABASE), slot);
		try {
			ConsumerResult result;
			if (consumer == ConsumerKind.PG_RECVLOGICAL) {
				result = this.pgRecvLogical.get().consume(target, endLsn);
			}
			else if (workload.live()) {
				result = consumeLive(server, statement, consumer, workload, round, target);
			}
			else {
				result = fork(consumer, workload, round, target);
			}
			long serverCpu = walsender.stop();
			if (result.changes() != changes) {
				return Measurement.skipped(round, workload, consumer, "received " + result.changes() + " of " + changes + " changes");
			}
			log(String.format("%s: %,.0f changes/s, walsender CPU %d ms", name, result.changesPerSecond(),
					serverCpu / 1_000_000));
			return Measurement.of(round, workload, consumer, result, serverCpu);
		}
		catch (IOException | RuntimeException ex) {
			log(name + " failed: " + ex.getMessage());
			return Measurement.skipped(round, workload, consumer, "failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		finally {
			walsender.close();
			logDecodingStats(statement, name, slot);
			dropSlot(statement, slot);
		}
	}

	/**
	 * Logs how the server handled the slot's large transactions: what it spilled to its own disk and
	 * what it streamed before the commit. The walsender reports these when it exits, so a figure can
	 * lag behind if the consumer's connection is still closing.
	 */
	private static void logDecodingStats(Statement statement, String name, String slot) throws SQLException {
		try (var result = statement.executeQuery("SELECT spill_bytes, stream_bytes FROM pg_stat_replication_slots"
				+ " WHERE slot_name = '" + slot + "'")) {
			if (result.next() && (result.getLong(1) > 0 || result.getLong(2) > 0)) {
				log(String.format("%s: the server spilled %,d MB and streamed %,d MB", name, result.getLong(1) / 1_000_000,
						result.getLong(2) / 1_000_000));
			}
		}
	}

	/**
	 * Starts the consumer on the empty slot, waits until it streams from it, then commits the
	 * workload's changes at the fixed rate while the consumer receives them.
	 */
	private ConsumerResult consumeLive(PostgresServer server, Statement statement, ConsumerKind consumer,
			ReplicationWorkload workload, int round, ConsumerTarget target)
			throws IOException, InterruptedException, SQLException {
		Process process = startFork(consumer, workload, round, target);
		FutureTask<ConsumerResult> consuming = new FutureTask<>(() -> awaitResult(process, consumer));
		Thread reader = new Thread(consuming, "consumer-" + consumer.id());
		reader.start();
		try (Connection writer = server.connect(DATABASE)) {
			awaitActive(statement, target.slot(), consuming);
			LatencyWriter.Schedule schedule = LatencyWriter.write(writer, this.options.rate(), target.changes());
			log(String.format("%s: writer committed %,d transactions at %.1f/s, at most %.2f ms behind schedule",
					consumer.id(), schedule.commits(), schedule.commitsPerSecond(), schedule.maxLateNanos() / 1e6));
			return consuming.get(30, TimeUnit.MINUTES);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IOException("The consumer did not finish", ex);
		}
		finally {
			// on success it has exited; after a failure it would wait for changes that never come
			process.destroyForcibly();
			reader.join();
		}
	}

	/** Waits until a walsender streams from the slot: the consumer connected and started replication. */
	private static void awaitActive(Statement statement, String slot, Future<?> consumer)
			throws SQLException, InterruptedException, IOException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (!"t".equals(queryString(statement,
				"SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))) {
			if (consumer.isDone() || System.nanoTime() > deadline) {
				throw new IOException("The consumer did not start streaming from slot " + slot);
			}
			Thread.sleep(20);
		}
	}

	private ConsumerResult fork(ConsumerKind consumer, ReplicationWorkload workload, int round, ConsumerTarget target)
			throws IOException, InterruptedException {
		return awaitResult(startFork(consumer, workload, round, target), consumer);
	}

	private Process startFork(ConsumerKind consumer, ReplicationWorkload workload, int round, ConsumerTarget target)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
		command.addAll(workload.jvmArguments());
		command.addAll(this.options.jvmArguments());
		Path jfr = this.options.jfrDirectory();
		if (jfr != null && (consumer == ConsumerKind.WALSTREAM || consumer == ConsumerKind.WALSTREAM_BINARY)) {
			Files.createDirectories(jfr);
			command.add("-XX:StartFlightRecording=settings=profile,method-profiling=max,filename="
					+ jfr.resolve(EndToEndOptions.nameOf(workload) + "-" + consumer.id() + "-" + round + ".jfr").toAbsolutePath());
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.walstream.benchmarks.BenchmarkMain",
				ConsumerProcess.COMMAND, consumer.id()));
		command.addAll(target.toArguments());
		return new ProcessBuilder(command).redirectError(Redirect.INHERIT).start();
	}

	/** Relays the consumer's output until it exits, and returns the result it printed. */
	private static ConsumerResult awaitResult(Process process, ConsumerKind consumer)
			throws IOException, InterruptedException {
		ConsumerResult result = null;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith(ConsumerResult.PREFIX)) {
					result = ConsumerResult.fromLine(line);
				}
				else {
					System.err.println("  [" + consumer.id() + "] " + line);
				}
			}
		}
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IOException("The consumer did not exit");
		}
		if (process.exitValue() != 0 || result == null) {
			throw new IOException("The consumer JVM exited with " + process.exitValue() + " (see its output above)");
		}
		return result;
	}

	private static void dropSlot(Statement statement, String slot) throws SQLException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				statement.execute("SELECT pg_drop_replication_slot('" + slot + "')");
				return;
			}
			catch (SQLException ex) {
				// 55006: the slot is still active while its walsender notices the client left
				if (!"55006".equals(ex.getSQLState()) || System.nanoTime() > deadline) {
					throw ex;
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private static String queryString(Statement statement, String sql) throws SQLException {
		try (var result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	static void log(String message) {
		System.err.println("[e2e] " + message);
	}

}
