package dev.walstream.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.walstream.benchmarks.Host;
import dev.walstream.benchmarks.e2e.ResultsTable;

/**
 * How long the sample application takes from process start to its first change event: starts its
 * executable jar ({@code java -jar sample-app/target/sample-app-*.jar --server.port=0}) a few
 * times, reads its console log as it comes ({@link StartupLog}), and stops it (SIGTERM, which
 * stops its embedded PostgreSQL too) once a listener logged a change. Prints a Markdown table.
 *
 * <pre>
 * ./mvnw -B -q -pl sample-app,walstream-benchmarks -am package -DskipTests
 * java -jar walstream-benchmarks/target/benchmarks.jar startup --repeat 5
 * </pre>
 */
public final class StartupBenchmark {

	/** The first argument of {@code benchmarks.jar} that leads here. */
	public static final String COMMAND = "startup";

	/** What {@code --help} prints. */
	static final String USAGE = """
			usage: java -jar walstream-benchmarks/target/benchmarks.jar startup [options] [-- sample arguments]
			  --jar FILE      the sample's executable jar (default sample-app/target/sample-app-0.1.0-SNAPSHOT.jar)
			  --repeat N      starts to measure; the table shows each and the medians (default 3)
			  --output FILE   also write the Markdown results to FILE
			  -- ARGS         passed to the sample after --server.port=0, e.g. -- --sample.workload.interval=100ms
			""";

	private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

	private StartupBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args see {@link #USAGE}
	 * @throws Exception if the sample does not start or shows no change in time
	 */
	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		if (arguments.contains("--help")) {
			System.out.print(USAGE);
			return;
		}
		Path jar = Path.of("sample-app/target/sample-app-0.1.0-SNAPSHOT.jar");
		int repeat = 3;
		Path output = null;
		List<String> sampleArguments = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--jar" -> jar = Path.of(args[++i]);
				case "--repeat" -> repeat = Integer.parseInt(args[++i]);
				case "--output" -> output = Path.of(args[++i]);
				case "--" -> {
					sampleArguments.addAll(arguments.subList(i + 1, args.length));
					i = args.length;
				}
				default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
			}
		}
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("No sample jar at " + jar
					+ ": build it with ./mvnw -B -q -pl sample-app -am package -DskipTests, or give --jar");
		}
		String loadBefore = Host.loadAverage();
		OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
		List<Startup> startups = new ArrayList<>();
		for (int round = 1; round <= repeat; round++) {
			Startup startup = measure(jar, sampleArguments);
			System.err.printf(Locale.ROOT, "[startup] round %d: first change %.2f s after process start: %s%n", round,
					startup.firstChangeSeconds(), startup.firstChange());
			startups.add(startup);
		}
		String report = String.format(Locale.ROOT, """
				### Sample start-up: run of %s (UTC)

				`java -jar walstream-benchmarks/target/benchmarks.jar startup %s`

				- machine: %d CPUs, load average %s before, %s after
				- JDK: %s %s; sample JVM options: defaults

				""", started, String.join(" ", args), Runtime.getRuntime().availableProcessors(), loadBefore, Host.loadAverage(),
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version")) + table(startups);
		System.out.println(report);
		if (output != null) {
			Files.writeString(output, report);
		}
	}

	private static Startup measure(Path jar, List<String> sampleArguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", jar.toString(), "--server.port=0"));
		command.addAll(sampleArguments);
		StartupLog log = new StartupLog();
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BlockingQueue<TimedLine> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> relay(process, lines, start), "sample-output");
		reader.setDaemon(true);
		reader.start();
		try {
			while (!log.hasFirstChange()) {
				long left = TIMEOUT_NANOS - (System.nanoTime() - start);
				TimedLine line = lines.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
				if (line == null) {
					throw new IllegalStateException("The sample logged no change within 3 minutes (or exited with "
							+ (process.isAlive() ? "nothing" : process.exitValue()) + ")");
				}
				log.accept(line.text(), line.sinceStartNanos());
			}
			return log.startup();
		}
		finally {
			// SIGTERM: Spring closes the context, which stops the embedded PostgreSQL
			process.destroy();
			if (!process.waitFor(1, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
		}
	}

	/** Copies the sample's output into the queue, each line stamped as it arrives; ends with an empty poll. */
	private static void relay(Process process, BlockingQueue<TimedLine> lines, long start) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				lines.add(new TimedLine(line, System.nanoTime() - start));
			}
		}
		catch (IOException ex) {
			// the process was stopped: the lines that matter were read
		}
	}

	/**
	 * Formats the starts as a Markdown table, one row each and a row of medians.
	 * @param startups the starts, at least one
	 * @return the table
	 */
	static String table(List<Startup> startups) {
		List<ToDoubleFunction<Startup>> figures = List.of(Startup::firstChangeSeconds, Startup::startedSeconds,
				Startup::springSeconds, Startup::jvmSeconds, Startup::postgresSeconds, Startup::startedToFirstChangeSeconds);
		StringBuilder out = new StringBuilder("| start | process start → first change s | process start → \"Started\" line s"
				+ " | Spring \"Started in\" s | JVM \"process running for\" s | embedded PostgreSQL s (within Spring's)"
				+ " | \"Started\" → first change s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (int i = 0; i < startups.size(); i++) {
			Startup startup = startups.get(i);
			out.append("| ").append(i + 1);
			figures.forEach((figure) -> out.append(String.format(Locale.ROOT, " | %.2f", figure.applyAsDouble(startup))));
			out.append(" |\n");
		}
		out.append("| **median**");
		for (ToDoubleFunction<Startup> figure : figures) {
			out.append(String.format(Locale.ROOT, " | **%.2f**",
					ResultsTable.medianOf(startups.stream().mapToDouble(figure).sorted().toArray())));
		}
		return out.append(" |\n").toString();
	}

	/** A line of the sample's output and when it arrived, from the process's start. */
	private record TimedLine(String text, long sinceStartNanos) {
	}

}
