package dev.walstream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Formats measurements as Markdown: one table per workload, consumers in the order they ran. With
 * several rounds a figure is the median, with the range of the rounds beside the rate. The
 * {@code latency} workload's table has latencies instead of rates; the {@code huge} workload's adds
 * the consumers' peak memory and spilled bytes.
 */
public final class ResultsTable {

	private ResultsTable() {
	}

	/**
	 * Formats the measurements.
	 * @param measurements the measurements
	 * @param options the options they were taken with
	 * @return Markdown
	 */
	public static String format(List<Measurement> measurements, EndToEndOptions options) {
		StringBuilder out = new StringBuilder();
		for (ReplicationWorkload workload : options.workloads()) {
			List<Measurement> ofWorkload = measurements.stream().filter((m) -> m.workload() == workload).toList();
			if (ofWorkload.isEmpty()) {
				continue;
			}
			int changes = workload.changes(options);
			if (workload.live()) {
				out.append(LatencyTable.format(ofWorkload, options));
				continue;
			}
			out.append(String.format(Locale.ROOT, "#### %s: %,d changes in transactions of %,d%s%n%n",
					EndToEndOptions.nameOf(workload), changes, Math.min(changes, workload.transactionSize()),
					messageSizes(ofWorkload, changes)));
			boolean memory = workload == ReplicationWorkload.HUGE;
			out.append("| consumer | format | changes/s | MB/s | CPU s / M changes | rate vs raw loop | CPU vs raw loop | server CPU s / M changes | start-up s |")
				.append(memory ? " JVM options | peak heap MB | peak RSS MB | spilled MB |\n" : "\n");
			out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
				.append(memory ? " --- | ---: | ---: | ---: |\n" : "\n");
			for (ConsumerKind consumer : options.consumers()) {
				List<Measurement> runs = ofWorkload.stream().filter((m) -> m.consumer() == consumer).toList();
				if (!runs.isEmpty()) {
					out.append(row(consumer, runs, ofWorkload, changes));
					out.append(memory ? memoryCells(consumer, runs, options) + "\n" : "\n");
				}
			}
			out.append('\n');
		}
		if (options.workloads().stream().allMatch(ReplicationWorkload::live)) {
			return out.toString();
		}
		out.append("""
				changes/s and MB/s from the first change received to the commit after the last; MB = 10^6 bytes of \
				pgoutput messages (XLogData payloads, as the raw loop of the same format counted them). CPU: the \
				consumer's whole process (JVM: reader, feedback, JIT and GC threads) over the same span; \
				pg_recvlogical: its whole run. Server CPU: the walsender's, from the slot's active_pid in /proc, \
				sampled every 20 ms. "vs raw loop": against the raw pgjdbc loop of the same format in the \
				same run. Start-up: consumer created to first change (JVM start not included). huge: time and CPU \
				run from the consumer's start (JVM start not included), as its first change comes only once the \
				whole transaction was received; peak heap is \
				the sum of the heap pools' peaks (an upper bound), peak RSS the process's VmHWM, spilled the bytes \
				walstream wrote to its spill files (record headers included).""");
		if (options.repeat() > 1) {
			out.append(" Medians of ").append(options.repeat()).append(" interleaved rounds; rates with min–max.");
		}
		out.append('\n');
		return out.toString();
	}

	private static String messageSizes(List<Measurement> measurements, int changes) {
		StringBuilder sizes = new StringBuilder();
		for (ConsumerKind raw : List.of(ConsumerKind.PGJDBC, ConsumerKind.PGJDBC_BINARY)) {
			OptionalDouble bytes = bytesPerChange(measurements, raw);
			if (bytes.isPresent()) {
				sizes.append((sizes.length() == 0) ? "; pgoutput bytes a change, begin/commit included: " : ", ")
					.append(String.format(Locale.ROOT, "%.1f %s", bytes.getAsDouble(), raw.binary() ? "binary" : "text"));
			}
		}
		return sizes.toString();
	}

	private static OptionalDouble bytesPerChange(List<Measurement> measurements, ConsumerKind consumer) {
		return measurements.stream()
			.filter((m) -> m.consumer() == consumer && m.result() != null && m.result().bytes() >= 0)
			.mapToDouble((m) -> (double) m.result().bytes() / m.result().changes())
			.findFirst();
	}

	private static String row(ConsumerKind consumer, List<Measurement> runs, List<Measurement> ofWorkload, int changes) {
		String format = consumer.binary() ? "binary" : "text";
		List<ConsumerResult> results = runs.stream().map(Measurement::result).filter(Objects::nonNull).toList();
		if (results.isEmpty()) {
			return String.format("| %s | %s | %s | | | | | | |", consumer.label(), format, runs.get(0).note());
		}
		double rate = median(results, ConsumerResult::changesPerSecond);
		String rateText = String.format(Locale.ROOT, "%,.0f", rate);
		if (runs.size() > 1) {
			double min = results.stream().mapToDouble(ConsumerResult::changesPerSecond).min().orElseThrow();
			double max = results.stream().mapToDouble(ConsumerResult::changesPerSecond).max().orElseThrow();
			rateText += String.format(Locale.ROOT, " (%,.0f–%,.0f%s)", min, max,
					(results.size() < runs.size()) ? ", " + (runs.size() - results.size()) + " failed" : "");
		}
		OptionalDouble bytes = bytesPerChange(runs, consumer);
		if (bytes.isEmpty()) {
			bytes = bytesPerChange(ofWorkload, consumer.baseline());
		}
		String megabytes = bytes.isPresent() ? String.format(Locale.ROOT, "%.1f", rate * bytes.getAsDouble() / 1e6) : "–";
		double cpu = cpuPerMillion(results);
		String cpuText = Double.isNaN(cpu) ? "–" : String.format(Locale.ROOT, "%.2f", cpu);
		List<ConsumerResult> baseline = ofWorkload.stream()
			.filter((m) -> m.consumer() == consumer.baseline())
			.map(Measurement::result)
			.filter(Objects::nonNull)
			.toList();
		String rateRatio = baseline.isEmpty() ? "–"
				: String.format(Locale.ROOT, "%.2f", rate / median(baseline, ConsumerResult::changesPerSecond));
		double baselineCpu = baseline.isEmpty() ? Double.NaN : cpuPerMillion(baseline);
		String cpuRatio = (Double.isNaN(cpu) || Double.isNaN(baselineCpu)) ? "–"
				: String.format(Locale.ROOT, "%.2f", cpu / baselineCpu);
		double[] server = runs.stream()
			.filter((m) -> m.result() != null && m.serverCpuNanos() >= 0)
			.mapToDouble((m) -> m.serverCpuNanos() / 1e9 / (m.result().changes() / 1e6))
			.sorted()
			.toArray();
		String serverText = (server.length == 0) ? "–" : String.format(Locale.ROOT, "%.2f", medianOf(server));
		String startup = (consumer == ConsumerKind.PG_RECVLOGICAL) ? "incl."
				: String.format(Locale.ROOT, "%.2f", median(results, (r) -> r.startupNanos() / 1e9));
		return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", consumer.label(), format,
				rateText, megabytes, cpuText, rateRatio, cpuRatio, serverText, startup);
	}

	/** The {@code huge} workload's extra cells: JVM options, and the medians of peak heap, RSS and spill. */
	private static String memoryCells(ConsumerKind consumer, List<Measurement> runs, EndToEndOptions options) {
		List<String> jvm = new ArrayList<>(ReplicationWorkload.HUGE.jvmArguments());
		jvm.addAll(options.jvmArguments());
		String jvmText = (consumer == ConsumerKind.PG_RECVLOGICAL) ? "–" : "`" + String.join(" ", jvm) + "`";
		List<MemoryUse> memory = runs.stream()
			.map(Measurement::result)
			.filter((r) -> r != null && r.memory() != null)
			.map(ConsumerResult::memory)
			.toList();
		return String.format(Locale.ROOT, " %s | %s | %s | %s |", jvmText, megabytes(memory, MemoryUse::peakHeapBytes),
				megabytes(memory, MemoryUse::peakRssBytes), megabytes(memory, MemoryUse::spilledBytes));
	}

	private static String megabytes(List<MemoryUse> memory, ToLongFunction<MemoryUse> figure) {
		double[] values = memory.stream().mapToLong(figure).filter((v) -> v >= 0).mapToDouble((v) -> v / 1e6).sorted().toArray();
		return (values.length == 0) ? "–" : String.format(Locale.ROOT, "%,.0f", medianOf(values));
	}

	private static double cpuPerMillion(List<ConsumerResult> results) {
		List<ConsumerResult> measured = results.stream().filter((r) -> r.cpuNanos() >= 0).toList();
		return measured.isEmpty() ? Double.NaN : median(measured, (r) -> r.cpuNanos() / 1e9 / (r.changes() / 1e6));
	}

	static double median(List<ConsumerResult> results, ToDoubleFunction<ConsumerResult> figure) {
		return medianOf(results.stream().mapToDouble(figure).sorted().toArray());
	}

	/**
	 * Returns the median of sorted values.
	 * @param sorted the values, in ascending order, at least one
	 * @return the median
	 */
	public static double medianOf(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
