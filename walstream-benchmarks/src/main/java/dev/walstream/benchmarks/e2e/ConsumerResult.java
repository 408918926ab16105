package dev.walstream.benchmarks.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * What one consumer run measured.
 *
 * @param changes insert, update and delete messages received
 * @param bytes pgoutput bytes received (the XLogData payloads), or {@code -1} if the consumer cannot
 * tell; then the raw loop's figure for the same workload and format is used
 * @param elapsedNanos wall-clock time from the first change to the end
 * @param cpuNanos CPU time of the consumer's process over the same span, or {@code -1} if unknown
 * @param startupNanos time from the consumer's creation (after its JVM started) to the first change
 */
public record ConsumerResult(long changes, long bytes, long elapsedNanos, long cpuNanos, long startupNanos) {

	static final String PREFIX = "RESULT ";

	/**
	 * Returns the line a forked consumer prints on its standard output.
	 * @return the line
	 */
	String toLine() {
		return PREFIX + "changes=" + this.changes + " bytes=" + this.bytes + " elapsedNanos=" + this.elapsedNanos
				+ " cpuNanos=" + this.cpuNanos + " startupNanos=" + this.startupNanos;
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
		return new ConsumerResult(values.get("changes"), values.get("bytes"), values.get("elapsedNanos"),
				values.get("cpuNanos"), values.get("startupNanos"));
	}

	/**
	 * Returns changes per second.
	 * @return the rate
	 */
	public double changesPerSecond() {
		return this.changes / (this.elapsedNanos / 1e9);
	}

}
