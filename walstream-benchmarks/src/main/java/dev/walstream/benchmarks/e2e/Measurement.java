package dev.walstream.benchmarks.e2e;

import org.jspecify.annotations.Nullable;

/**
 * One consumer on one workload: what it measured, or why it was not measured.
 *
 * @param round the round, from 1
 * @param workload the workload
 * @param consumer the consumer
 * @param result the result, or {@code null} if skipped or failed
 * @param note why there is no result, or {@code null}
 */
public record Measurement(int round, ReplicationWorkload workload, ConsumerKind consumer, @Nullable ConsumerResult result,
		@Nullable String note) {

	static Measurement of(int round, ReplicationWorkload workload, ConsumerKind consumer, ConsumerResult result) {
		return new Measurement(round, workload, consumer, result, null);
	}

	static Measurement skipped(int round, ReplicationWorkload workload, ConsumerKind consumer, String note) {
		return new Measurement(round, workload, consumer, null, note);
	}

}
