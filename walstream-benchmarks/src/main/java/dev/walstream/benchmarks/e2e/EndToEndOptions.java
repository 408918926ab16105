package dev.walstream.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The end-to-end benchmark's options.
 *
 * @param rows rows per workload before its own scaling ({@link ReplicationWorkload#changes(EndToEndOptions)})
 * @param repeat how many rounds of every workload with every consumer to run; the table shows
 * medians
 * @param workloads the workloads, in order
 * @param consumers the consumers, in order; each reads its own copy of every workload
 * @param jvmArguments extra options for every forked consumer JVM
 * @param jfrDirectory where to write a flight recording of each walstream consumer, or {@code null}
 * @param output a file to write the Markdown results to, or {@code null}
 * @param rate single-row transactions a second of the {@code latency} workload
 * @param warmupSeconds seconds of the {@code latency} workload not counted: JIT, connection
 * @param seconds seconds of the {@code latency} workload counted
 * @param hugeMegabytes pgoutput megabytes (10^6 bytes) of the {@code huge} workload's one transaction
 */
public record EndToEndOptions(int rows, int repeat, List<ReplicationWorkload> workloads, List<ConsumerKind> consumers,
		List<String> jvmArguments, @Nullable Path jfrDirectory, @Nullable Path output, int rate, int warmupSeconds,
		int seconds, int hugeMegabytes) {

	/** What {@code --help} prints. */
	public static final String USAGE = """
			usage: java -jar walstream-benchmarks/target/benchmarks.jar e2e [options]
			  --rows N              rows per workload (default 500000; large TOAST values: N/20)
			  --repeat N            rounds of everything, interleaved; the table shows medians and ranges (default 1)
			  --smoke               2000 rows, latency 2 s at 100/s, huge 20 MB; consumers pgjdbc, walstream,
			                        walstream-binary: a quick check
			  --workloads a,b       narrow,wide,churn,toast,latency,huge (default: all)
			                        latency: single-row transactions committed at a steady rate while the
			                        consumer streams; commit-to-arrival p50/p99/max, and added over the raw loop
			                        huge: one transaction of --huge-mb, streaming on, consumer JVMs with -Xmx256m;
			                        rate, peak heap and RSS, bytes spilled by walstream
			  --rate N              latency: transactions a second (default 500)
			  --warmup N            latency: seconds not counted (default 5)
			  --seconds N           latency: seconds counted (default 30)
			  --huge-mb N           huge: pgoutput megabytes of the transaction (default 2048)
			  --consumers a,b       pg_recvlogical,pgjdbc,pgjdbc-binary,pgjdbc-poll,walstream,walstream-binary,spring,debezium
			                        (default: all; those not installed or not available are skipped)
			  --jvm-arg ARG         an option for every forked consumer JVM (repeatable), e.g. --jvm-arg=-Xmx256m
			  --jfr DIR             record a JFR profile of every walstream consumer into DIR
			  --output FILE         also write the Markdown results to FILE
			""";

	/**
	 * Parses command-line arguments.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException if an argument is not understood
	 */
	public static EndToEndOptions parse(String... args) {
		int rows = 500_000;
		int repeat = 1;
		List<ReplicationWorkload> workloads = List.of(ReplicationWorkload.values());
		List<ConsumerKind> consumers = List.of(ConsumerKind.values());
		List<String> jvmArguments = new ArrayList<>();
		Path jfr = null;
		Path output = null;
		boolean smoke = false;
		int rate = 500;
		int warmup = 5;
		int seconds = 30;
		int hugeMegabytes = 2048;
		List<String> given = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			String value = null;
			int equals = name.indexOf('=');
			if (name.startsWith("--") && equals > 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			if (name.equals("--smoke")) {
				smoke = true;
				continue;
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("Missing value of " + name + "\n" + USAGE);
				}
				value = args[++i];
			}
			given.add(name);
			switch (name) {
				case "--rows" -> rows = Integer.parseInt(value.replace("_", ""));
				case "--repeat" -> repeat = Integer.parseInt(value);
				case "--workloads" -> workloads = Arrays.stream(value.split(",")).map(EndToEndOptions::workload).toList();
				case "--consumers" -> consumers = Arrays.stream(value.split(",")).map(ConsumerKind::of).toList();
				case "--jvm-arg" -> jvmArguments.add(value);
				case "--jfr" -> jfr = Path.of(value);
				case "--output" -> output = Path.of(value);
				case "--rate" -> rate = Integer.parseInt(value);
				case "--warmup" -> warmup = Integer.parseInt(value);
				case "--seconds" -> seconds = Integer.parseInt(value);
				case "--huge-mb" -> hugeMegabytes = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
			}
		}
		if (smoke) {
			// small enough for CI; what was given explicitly stays
			rows = given.contains("--rows") ? rows : 2_000;
			consumers = given.contains("--consumers") ? consumers
					: List.of(ConsumerKind.PGJDBC, ConsumerKind.WALSTREAM, ConsumerKind.WALSTREAM_BINARY);
			rate = given.contains("--rate") ? rate : 100;
			warmup = given.contains("--warmup") ? warmup : 1;
			seconds = given.contains("--seconds") ? seconds : 2;
			hugeMegabytes = given.contains("--huge-mb") ? hugeMegabytes : 20;
		}
		if (rows < 1 || repeat < 1 || rate < 1 || warmup < 0 || seconds < 1 || hugeMegabytes < 1) {
			throw new IllegalArgumentException("--rows, --repeat, --rate, --seconds and --huge-mb must be positive,"
					+ " --warmup not negative");
		}
		return new EndToEndOptions(rows, repeat, workloads, consumers, List.copyOf(jvmArguments), jfr, output, rate,
				warmup, seconds, hugeMegabytes);
	}

	private static ReplicationWorkload workload(String name) {
		return switch (name) {
			case "narrow" -> ReplicationWorkload.NARROW_INSERT;
			case "wide" -> ReplicationWorkload.WIDE_INSERT;
			case "churn" -> ReplicationWorkload.UPDATE_DELETE_FULL;
			case "toast" -> ReplicationWorkload.LARGE_TOAST;
			case "latency" -> ReplicationWorkload.LATENCY;
			case "huge" -> ReplicationWorkload.HUGE;
			default -> throw new IllegalArgumentException(
					"Unknown workload '" + name + "'; known: narrow, wide, churn, toast, latency, huge");
		};
	}

	/**
	 * Returns the short name of a workload on the command line and in the table.
	 * @param workload the workload
	 * @return the name
	 */
	public static String nameOf(ReplicationWorkload workload) {
		return switch (workload) {
			case NARROW_INSERT -> "narrow";
			case WIDE_INSERT -> "wide";
			case UPDATE_DELETE_FULL -> "churn";
			case LARGE_TOAST -> "toast";
			case LATENCY -> "latency";
			case HUGE -> "huge";
		};
	}

}
