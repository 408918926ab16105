package dev.walstream.benchmarks.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/**
 * Formats the {@code latency} workload's measurements as Markdown: commit-to-arrival latency
 * percentiles per consumer, and what each adds over the raw pgjdbc loop of the same format in the
 * same run. With several rounds a figure is the median of the rounds' figures.
 */
final class LatencyTable {

	/** The figures of each row: p50, p99 and max, in that order, as measured and as added. */
	private static final List<ToLongFunction<Latencies>> FIGURES = List.of(Latencies::p50Micros, Latencies::p99Micros,
			Latencies::maxMicros);

	private LatencyTable() {
	}

	/**
	 * Formats the measurements.
	 * @param measurements the measurements of the {@code latency} workload
	 * @param options the options they were taken with
	 * @return a Markdown heading and table
	 */
	static String format(List<Measurement> measurements, EndToEndOptions options) {
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"#### latency: single-row transactions at %,d/s; %d s of warm-up not counted, then %d s (%,d changes)%n%n",
				options.rate(), options.warmupSeconds(), options.seconds(), options.rate() * options.seconds()));
		out.append("| consumer | format | p50 ms | p99 ms | max ms | added p50 ms | added p99 ms | added max ms |\n");
		out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (ConsumerKind consumer : options.consumers()) {
			List<Measurement> runs = measurements.stream().filter((m) -> m.consumer() == consumer).toList();
			if (runs.isEmpty()) {
				continue;
			}
			String format = consumer.binary() ? "binary" : "text";
			List<Latencies> latencies = latencies(runs);
			if (latencies.isEmpty()) {
				out.append(String.format("| %s | %s | %s | | | | | |%n", consumer.label(), format, runs.get(0).note()));
				continue;
			}
			List<Latencies> baseline = latencies(
					measurements.stream().filter((m) -> m.consumer() == consumer.baseline()).toList());
			double[] own = FIGURES.stream().mapToDouble((figure) -> median(latencies, figure).orElseThrow()).toArray();
			out.append(String.format("| %s | %s", consumer.label(), format));
			for (double figure : own) {
				out.append(" | ").append(millis(figure));
			}
			for (int i = 0; i < own.length; i++) {
				OptionalDouble base = median(baseline, FIGURES.get(i));
				out.append(" | ")
					.append((consumer == consumer.baseline() || base.isEmpty()) ? "–" : millis(own[i] - base.getAsDouble()));
			}
			out.append(" |\n");
		}
		out.append("""

				Latency: the consumer has the change in hand (raw loop: the Insert's bytes returned by \
				read(); core stream: nextEvent returned it; Spring: the @WalListener method is called; \
				Debezium: the engine hands over the record) minus the commit time the server wrote into the \
				commit record and sends in the Begin message, both the same host's wall clock in µs. \
				"added": against the raw pgjdbc loop of the same format in the same run.""");
		if (options.repeat() > 1) {
			out.append(" Medians of ").append(options.repeat()).append(" rounds.");
		}
		return out.append("\n\n").toString();
	}

	private static List<Latencies> latencies(List<Measurement> runs) {
		return runs.stream()
			.map(Measurement::result)
			.filter(Objects::nonNull)
			.map(ConsumerResult::latencies)
			.filter(Objects::nonNull)
			.toList();
	}

	private static OptionalDouble median(List<Latencies> latencies, ToLongFunction<Latencies> figure) {
		return latencies.isEmpty() ? OptionalDouble.empty()
				: OptionalDouble.of(ResultsTable.medianOf(latencies.stream().mapToDouble(figure::applyAsLong).sorted().toArray()));
	}

	private static String millis(double micros) {
		return String.format(Locale.ROOT, "%.3f", micros / 1000);
	}

}
