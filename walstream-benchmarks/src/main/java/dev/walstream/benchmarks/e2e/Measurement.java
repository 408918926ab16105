package dev.walstream.benchmarks.e2e;

import org.jspecify.annotations.Nullable;

/**
 * One consumer on one workload: what it measured, or why it was not measured.
 *
 * @param round the round, from 1
 * @param workload the workload
 * @param consumer the consumer
 * @param result the result, or {@code null} if skipped or failed
 * @param serverCpuNanos the CPU time of the walsender that served the consumer, or {@code -1}
 * @param note why there is no result, or {@code null}
 */
public record Measurement(int round, ReplicationWorkload workload, ConsumerKind consumer, @Nullable ConsumerResult result,
		long serverCpuNanos, @Nullable String note) {

	static Measurement of(int round, ReplicationWorkload workload, ConsumerKind consumer, ConsumerResult result,
			long serverCpuNanos) {
		return new Measurement(round, workload, consumer, result, serverCpuNanos, null);
	}

	static Measurement skipped(int round, ReplicationWorkload workload, ConsumerKind consumer, String note) {
		return new Measurement(round, workload, consumer, null, -1, note);
	}

}
