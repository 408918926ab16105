package dev.walstream.benchmarks.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Formats measurements as Markdown: one table per workload, consumers in the order they ran.
 */
public final class ResultsTable {

	private ResultsTable() {
	}

	/**
	 * Formats the measurements.
	 * @param measurements the measurements
	 * @param workloads the workloads, in order
	 * @param rows the requested rows
	 * @return Markdown
	 */
	public static String format(List<Measurement> measurements, List<ReplicationWorkload> workloads, int rows) {
		StringBuilder out = new StringBuilder();
		for (ReplicationWorkload workload : workloads) {
			List<Measurement> ofWorkload = measurements.stream().filter((m) -> m.workload() == workload).toList();
			if (ofWorkload.isEmpty()) {
				continue;
			}
			out.append(String.format(Locale.ROOT, "#### %s: %,d changes in transactions of %,d%s%n%n",
					EndToEndOptions.nameOf(workload), workload.changes(rows), workload.transactionSize(),
					messageSizes(ofWorkload, workload.changes(rows))));
			out.append("| consumer | format | changes/s | MB/s | CPU s / M changes | vs raw pgjdbc (same format) | start-up s |\n");
			out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
			for (Measurement measurement : ofWorkload) {
				out.append(row(measurement, ofWorkload));
			}
			out.append('\n');
		}
		out.append("""
				changes/s and MB/s from the first change received to the commit after the last; MB = 10^6 bytes of \
				pgoutput messages (XLogData payloads, as the raw loop of the same format counted them). CPU: the \
				consumer's whole process (JVM: reader, feedback, JIT and GC threads) over the same span; \
				pg_recvlogical: its whole run. Start-up: consumer created to first change (JVM start not included).
				""");
		return out.toString();
	}

	private static String messageSizes(List<Measurement> measurements, int changes) {
		StringBuilder sizes = new StringBuilder();
		for (ConsumerKind raw : List.of(ConsumerKind.PGJDBC, ConsumerKind.PGJDBC_BINARY)) {
			bytesOf(measurements, raw).ifPresent((bytes) -> sizes.append(sizes.length() == 0 ? ", " : "; ")
				.append(String.format(Locale.ROOT, "%.1f pgoutput bytes a change (%s, incl. begin/commit)",
						(double) bytes / changes, raw.binary() ? "binary" : "text")));
		}
		return sizes.toString();
	}

	private static Optional<Long> bytesOf(List<Measurement> measurements, ConsumerKind consumer) {
		return measurements.stream()
			.filter((m) -> m.consumer() == consumer && m.result() != null && m.result().bytes() >= 0)
			.map((m) -> m.result().bytes())
			.findFirst();
	}

	private static String row(Measurement measurement, List<Measurement> ofWorkload) {
		ConsumerKind consumer = measurement.consumer();
		String format = consumer.binary() ? "binary" : "text";
		ConsumerResult result = measurement.result();
		if (result == null) {
			return String.format("| %s | %s | %s | | | | |%n", consumer.label(), format, measurement.note());
		}
		double seconds = result.elapsedNanos() / 1e9;
		Optional<Long> bytes = (result.bytes() >= 0) ? Optional.of(result.bytes())
				: bytesOf(ofWorkload, consumer.baseline());
		String megabytes = bytes.map((b) -> String.format(Locale.ROOT, "%.1f", b / seconds / 1e6)).orElse("–");
		String cpu = (result.cpuNanos() >= 0)
				? String.format(Locale.ROOT, "%.2f", result.cpuNanos() / 1e9 / (result.changes() / 1e6)) : "–";
		String ratio = ofWorkload.stream()
			.filter((m) -> m.consumer() == consumer.baseline() && m.result() != null)
			.findFirst()
			.map((m) -> String.format(Locale.ROOT, "%.2f", result.changesPerSecond() / m.result().changesPerSecond()))
			.orElse("–");
		String startup = (consumer == ConsumerKind.PG_RECVLOGICAL) ? "incl."
				: String.format(Locale.ROOT, "%.2f", result.startupNanos() / 1e9);
		return String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %s |%n", consumer.label(), format,
				result.changesPerSecond(), megabytes, cpu, ratio, startup);
	}

}
