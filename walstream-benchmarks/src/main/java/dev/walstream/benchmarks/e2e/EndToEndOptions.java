package dev.walstream.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The end-to-end benchmark's options.
 *
 * @param rows rows per workload before its own scaling ({@link ReplicationWorkload#changes(int)})
 * @param repeat how many rounds of every workload with every consumer to run; the table shows
 * medians
 * @param workloads the workloads, in order
 * @param consumers the consumers, in order; each reads its own copy of every workload
 * @param jvmArguments extra options for every forked consumer JVM
 * @param jfrDirectory where to write a flight recording of each walstream consumer, or {@code null}
 * @param output a file to write the Markdown results to, or {@code null}
 */
public record EndToEndOptions(int rows, int repeat, List<ReplicationWorkload> workloads, List<ConsumerKind> consumers,
		List<String> jvmArguments, @Nullable Path jfrDirectory, @Nullable Path output) {

	/** What {@code --help} prints. */
	public static final String USAGE = """
			usage: java -jar walstream-benchmarks/target/benchmarks.jar e2e [options]
			  --rows N              rows per workload (default 500000; large TOAST values: N/20)
			  --repeat N            rounds of everything, interleaved; the table shows medians and ranges (default 1)
			  --smoke               2000 rows, consumers pgjdbc, walstream, walstream-binary: a quick check
			  --workloads a,b       narrow,wide,churn,toast (default: all)
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
		boolean rowsGiven = false;
		boolean consumersGiven = false;
		boolean smoke = false;
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
			switch (name) {
				case "--rows" -> {
					rows = Integer.parseInt(value.replace("_", ""));
					rowsGiven = true;
				}
				case "--repeat" -> repeat = Integer.parseInt(value);
				case "--workloads" -> workloads = Arrays.stream(value.split(",")).map(EndToEndOptions::workload).toList();
				case "--consumers" -> {
					consumers = Arrays.stream(value.split(",")).map(ConsumerKind::of).toList();
					consumersGiven = true;
				}
				case "--jvm-arg" -> jvmArguments.add(value);
				case "--jfr" -> jfr = Path.of(value);
				case "--output" -> output = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
			}
		}
		if (smoke) {
			rows = rowsGiven ? rows : 2_000;
			consumers = consumersGiven ? consumers
					: List.of(ConsumerKind.PGJDBC, ConsumerKind.WALSTREAM, ConsumerKind.WALSTREAM_BINARY);
		}
		if (rows < 1 || repeat < 1) {
			throw new IllegalArgumentException("--rows and --repeat must be positive");
		}
		return new EndToEndOptions(rows, repeat, workloads, consumers, List.copyOf(jvmArguments), jfr, output);
	}

	private static ReplicationWorkload workload(String name) {
		return switch (name) {
			case "narrow" -> ReplicationWorkload.NARROW_INSERT;
			case "wide" -> ReplicationWorkload.WIDE_INSERT;
			case "churn" -> ReplicationWorkload.UPDATE_DELETE_FULL;
			case "toast" -> ReplicationWorkload.LARGE_TOAST;
			default -> throw new IllegalArgumentException("Unknown workload '" + name + "'; known: narrow, wide, churn, toast");
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
		};
	}

}
