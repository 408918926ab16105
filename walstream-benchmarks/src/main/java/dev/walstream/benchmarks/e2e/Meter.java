package dev.walstream.benchmarks.e2e;

import java.lang.management.ManagementFactory;

/**
 * Times a consumer from the first change it receives to the commit after the last, in wall-clock
 * time and in the CPU time of its whole process (reader, feedback, JIT and GC threads alike).
 * Connecting and start-up are left out, so a consumer that starts slowly is not charged for it
 * here; the start-up time is reported on its own.
 */
final class Meter {

	private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final long createdNanos = System.nanoTime();

	private long startNanos;

	private long startCpuNanos;

	private long stopNanos;

	private long stopCpuNanos;

	private boolean started;

	private volatile boolean stopped;

	/** Marks the first change; later calls do nothing. */
	void start() {
		if (!this.started) {
			this.started = true;
			this.startCpuNanos = os.getProcessCpuTime();
			this.startNanos = System.nanoTime();
		}
	}

	/** Marks the end: every expected change was received. */
	void stop() {
		this.stopNanos = System.nanoTime();
		this.stopCpuNanos = os.getProcessCpuTime();
		this.stopped = true;
	}

	boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Returns the measurement.
	 * @param changes the changes received
	 * @param bytes the pgoutput bytes received, or {@code -1} if the consumer cannot tell
	 * @return the result
	 */
	ConsumerResult result(long changes, long bytes) {
		if (!this.started || !this.stopped) {
			throw new IllegalStateException("The consumer did not finish: started " + this.started + ", stopped "
					+ this.stopped + " after " + changes + " changes");
		}
		return new ConsumerResult(changes, bytes, this.stopNanos - this.startNanos, this.stopCpuNanos - this.startCpuNanos,
				this.startNanos - this.createdNanos);
	}

}
