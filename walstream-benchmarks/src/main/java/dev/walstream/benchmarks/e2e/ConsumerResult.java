package dev.walstream.benchmarks.e2e;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one consumer run measured.
 *
 * @param changes insert, update and delete messages received
 * @param bytes pgoutput bytes received (the XLogData payloads), or {@code -1} if the consumer cannot
 * tell; then the raw loop's figure for the same workload and format is used
 * @param elapsedNanos wall-clock time from the first change to the end
 * @param cpuNanos CPU time of the consumer's process over the same span, or {@code -1} if unknown
 * @param startupNanos time from the consumer's creation (after its JVM started) to the first change
 * @param latencies commit-to-arrival latencies when the changes were written live, else {@code null}
 * @param memory the process's peak memory and spilled bytes, or {@code null} if not measured
 * ({@code pg_recvlogical})
 */
public record ConsumerResult(long changes, long bytes, long elapsedNanos, long cpuNanos, long startupNanos,
		@Nullable Latencies latencies, @Nullable MemoryUse memory) {

	static final String PREFIX = "RESULT ";

	/**
	 * Returns the line a forked consumer prints on its standard output.
	 * @return the line
	 */
	String toLine() {
		StringBuilder line = new StringBuilder(PREFIX).append("changes=")
			.append(this.changes)
			.append(" bytes=")
			.append(this.bytes)
			.append(" elapsedNanos=")
			.append(this.elapsedNanos)
			.append(" cpuNanos=")
			.append(this.cpuNanos)
			.append(" startupNanos=")
			.append(this.startupNanos);
		if (this.latencies != null) {
			line.append(" latencyP50=")
				.append(this.latencies.p50Micros())
				.append(" latencyP99=")
				.append(this.latencies.p99Micros())
				.append(" latencyMax=")
				.append(this.latencies.maxMicros())
				.append(" latencyCount=")
				.append(this.latencies.count());
		}
		if (this.memory != null) {
			line.append(" peakHeap=")
				.append(this.memory.peakHeapBytes())
				.append(" peakRss=")
				.append(this.memory.peakRssBytes())
				.append(" spilled=")
				.append(this.memory.spilledBytes());
		}
		return line.toString();
	}

	/**
	 * Reads a line {@link #toLine()} wrote.
	 * @param line the line
	 * @return the result
	 */
	static ConsumerResult fromLine(String line) {
		Map<String, Long> values = new HashMap<>();
		for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
		}
		Latencies latencies = values.containsKey("latencyCount") ? new Latencies(values.get("latencyP50"),
				values.get("latencyP99"), values.get("latencyMax"), values.get("latencyCount").intValue()) : null;
		MemoryUse memory = values.containsKey("peakHeap")
				? new MemoryUse(values.get("peakHeap"), values.get("peakRss"), values.get("spilled")) : null;
		return new ConsumerResult(values.get("changes"), values.get("bytes"), values.get("elapsedNanos"),
				values.get("cpuNanos"), values.get("startupNanos"), latencies, memory);
	}

	/**
	 * Returns changes per second.
	 * @return the rate
	 */
	public double changesPerSecond() {
		return this.changes / (this.elapsedNanos / 1e9);
	}

}
