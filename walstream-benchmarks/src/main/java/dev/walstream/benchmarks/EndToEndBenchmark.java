package dev.walstream.benchmarks;

import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.walstream.benchmarks.e2e.EndToEndOptions;
import dev.walstream.benchmarks.e2e.EndToEndRunner;
import dev.walstream.benchmarks.e2e.Measurement;
import dev.walstream.benchmarks.e2e.ResultsTable;

/**
 * walstream end to end against PostgreSQL 17 beside the other consumers, in one run: PostgreSQL's
 * {@code pg_recvlogical}, a raw pgjdbc read loop, walstream's core stream in text and binary mode,
 * a Spring {@code @WalListener} and Debezium's embedded engine: catch-up rates on four workloads,
 * commit-to-arrival latency at a steady rate ({@code latency}), and one huge transaction under
 * {@code -Xmx256m} ({@code huge}). Prints a Markdown table per workload with the machine it ran on.
 * See {@code BENCHMARKS.md}.
 *
 * <pre>
 * ./mvnw -B -q -pl walstream-benchmarks -am package -DskipTests
 * java -jar walstream-benchmarks/target/benchmarks.jar e2e --rows 500000
 * </pre>
 */
public final class EndToEndBenchmark {

	private EndToEndBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args see {@link EndToEndOptions#USAGE}
	 * @throws Exception if the server or a workload fails
	 */
	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(EndToEndOptions.USAGE);
			return;
		}
		// the servers' and engines' INFO logs drown the progress lines; -D...defaultLogLevel=info brings them back
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		}
		EndToEndOptions options = EndToEndOptions.parse(args);
		String report = run(options, String.join(" ", args)).report();
		System.out.println(report);
		if (options.output() != null) {
			Files.writeString(options.output(), report);
		}
	}

	/**
	 * Runs the benchmark and returns its measurements and report.
	 * @param options the options
	 * @param arguments the command-line arguments, for the report
	 * @return the outcome
	 * @throws Exception if the server or a workload fails
	 */
	public static Outcome run(EndToEndOptions options, String arguments) throws Exception {
		String loadBefore = Host.loadAverage();
		OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
		EndToEndRunner runner = new EndToEndRunner(options);
		List<Measurement> measurements = runner.run();
		String environment = String.format("""
				### End-to-end run of %s (UTC)

				`java -jar walstream-benchmarks/target/benchmarks.jar e2e %s`

				- machine: %d CPUs (%s), load average %s before, %s after
				- JDK: %s %s; consumer JVM options: %s
				- PostgreSQL %s (embedded, zonky binaries), %s

				""", started, arguments, Runtime.getRuntime().availableProcessors(), Host.cpuModel(), loadBefore, Host.loadAverage(),
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				options.jvmArguments().isEmpty() ? "defaults" : String.join(" ", options.jvmArguments()),
				runner.serverVersion(), runner.pgRecvLogicalVersion());
		return new Outcome(measurements, environment + ResultsTable.format(measurements, options));
	}

	/**
	 * The measurements of a run and their Markdown report.
	 *
	 * @param measurements the measurements
	 * @param report the report
	 */
	public record Outcome(List<Measurement> measurements, String report) {
	}

}
