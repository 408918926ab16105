package dev.walstream.benchmarks;

import java.util.Arrays;

import dev.walstream.benchmarks.e2e.ConsumerProcess;
import dev.walstream.benchmarks.startup.StartupBenchmark;

/**
 * The entry point of {@code benchmarks.jar}: {@code e2e ...} runs the {@link EndToEndBenchmark},
 * {@code startup ...} the {@link StartupBenchmark} of the sample application, anything else goes
 * to JMH ({@code ParserBenchmark -prof gc}).
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Dispatches to the end-to-end benchmark, the start-up benchmark, a forked consumer, or JMH.
	 * @param args {@code e2e [options]}, {@code startup [options]}, or JMH's arguments
	 * @throws Exception whatever the benchmark throws
	 */
	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("e2e")) {
			EndToEndBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
		}
		else if (args.length > 0 && args[0].equals(StartupBenchmark.COMMAND)) {
			StartupBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
		}
		else if (args.length > 0 && args[0].equals(ConsumerProcess.COMMAND)) {
			ConsumerProcess.main(Arrays.copyOfRange(args, 1, args.length));
		}
		else {
			org.openjdk.jmh.Main.main(args);
		}
	}

}
