package dev.walstream.spring.metrics;

import java.util.function.ToLongFunction;

import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.stream.StreamStatus;

/**
 * A monotonic total over a value of the stream's status that starts again with each stream (each
 * connection, for the buffer statistics), for a {@code FunctionCounter}: each sample adds what
 * the value grew by since the last one.
 */
final class SampledTotal {

	private static final long NONE = Long.MIN_VALUE;

	private final ReplicationRunner runner;

	private final ToLongFunction<StreamStatus> value;

	private final boolean position;

	private long last = NONE;

	private double total;

	/**
	 * Creates a total.
	 * @param runner the runner
	 * @param value reads the value, or returns {@link Long#MIN_VALUE} when unknown
	 * @param position whether the value is a position, whose first value and whose drops (a new
	 * stream resuming further back) are a new baseline, rather than a count, which starts from 0
	 */
	SampledTotal(ReplicationRunner runner, ToLongFunction<StreamStatus> value, boolean position) {
		this.runner = runner;
		this.value = value;
		this.position = position;
	}

	synchronized double sample() {
		StreamStatus status = this.runner.getStatus();
		long current = (status != null) ? this.value.applyAsLong(status) : NONE;
		if (current == NONE) {
			return this.total;
		}
		if (this.last != NONE && Long.compareUnsigned(current, this.last) >= 0) {
			this.total += current - this.last;
		}
		else if (!this.position) {
			// a count seen first, or started again: all of it is new
			this.total += current;
		}
		this.last = current;
		return this.total;
	}

}
