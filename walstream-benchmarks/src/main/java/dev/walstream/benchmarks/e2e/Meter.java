package dev.walstream.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Times a consumer from the first change it receives to the commit after the last, in wall-clock
 * time and in the CPU time of its whole process (reader, feedback, JIT and GC threads alike).
 * Connecting and start-up are left out, so a consumer that starts slowly is not charged for it
 * here; the start-up time is reported on its own. When the changes are written live, it also
 * records each change's commit-to-arrival latency ({@link Latencies}).
 */
final class Meter {

	private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final long createdNanos = System.nanoTime();

	private final int latencyFrom;

	private final long @Nullable [] latencyMicros;

	private int changes;

	private Map<Long, Long> threadCpuAtStart = Map.of();

	private long contextSwitchesAtStart;

	private long compilationMillisAtStart;

	private long gcMillisAtStart;

	private long gcCountAtStart;

	private long startNanos;

	private long startCpuNanos;

	private long stopNanos;

	private long stopCpuNanos;

	private boolean started;

	private volatile boolean stopped;

	/**
	 * Creates a meter for a consumer of the target.
	 * @param target what the consumer reads: whether and from which change latencies count, and
	 * whether the clocks start now
	 */
	Meter(ConsumerTarget target) {
		this.latencyFrom = target.latencyFrom();
		this.latencyMicros = (target.latencyFrom() >= 0) ? new long[Math.max(0, target.changes() - target.latencyFrom())]
				: null;
		if (target.timedFromStart()) {
			start();
		}
	}

	/**
	 * Marks a change in hand: the first one starts the clocks; when latencies are measured, the
	 * time since its commit is recorded.
	 * @param commitMicros the commit time of the change's transaction, microseconds since the Unix
	 * epoch, as the server sent it
	 */
	void change(long commitMicros) {
		long[] latencies = this.latencyMicros;
		if (latencies != null) {
			int index = this.changes - this.latencyFrom;
			if (index >= 0 && index < latencies.length) {
				latencies[index] = Latencies.nowMicros() - commitMicros;
			}
		}
		this.changes++;
		start();
	}

	private void start() {
		if (!this.started) {
			this.started = true;
			this.threadCpuAtStart = threadCpu();
			this.contextSwitchesAtStart = contextSwitches();
			this.compilationMillisAtStart = compilationMillis();
			this.gcMillisAtStart = gcMillis();
			this.gcCountAtStart = gcCount();
			this.startCpuNanos = os.getProcessCpuTime();
			this.startNanos = System.nanoTime();
		}
	}

	/** Marks the end: every expected change was received. */
	void stop() {
		this.stopNanos = System.nanoTime();
		this.stopCpuNanos = os.getProcessCpuTime();
		this.stopped = true;
		printThreadCpu();
	}

	/**
	 * Prints where the process's CPU time went, by Java thread; the rest is the JVM's own threads
	 * (garbage collection, mostly).
	 */
	private void printThreadCpu() {
		Map<Long, Long> atStop = threadCpu();
		Map<String, Long> byName = new HashMap<>();
		long javaThreads = 0;
		for (Map.Entry<Long, Long> entry : atStop.entrySet()) {
			long spent = entry.getValue() - this.threadCpuAtStart.getOrDefault(entry.getKey(), 0L);
			ThreadInfo info = threads.getThreadInfo(entry.getKey());
			if (info != null && spent > 0) {
				byName.merge(info.getThreadName().replaceAll("\\d+$", "#"), spent, Long::sum);
				javaThreads += spent;
			}
		}
		StringBuilder line = new StringBuilder(String.format("CPU by thread (ms): process %d",
				(this.stopCpuNanos - this.startCpuNanos) / 1_000_000));
		byName.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(8)
			.forEach((entry) -> line.append(", ").append(entry.getKey()).append(' ').append(entry.getValue() / 1_000_000));
		line.append(", not Java threads (GC, JIT, VM) ")
			.append((this.stopCpuNanos - this.startCpuNanos - javaThreads) / 1_000_000)
			.append("; JIT compilation ")
			.append(compilationMillis() - this.compilationMillisAtStart)
			.append(" ms, ")
			.append(gcCount() - this.gcCountAtStart)
			.append(" GCs taking ")
			.append(gcMillis() - this.gcMillisAtStart)
			.append(" ms; context switches of live threads ")
			.append(contextSwitches() - this.contextSwitchesAtStart);
		System.err.println(line);
	}

	/**
	 * Returns the voluntary and involuntary context switches of the process's live threads, from
	 * {@code /proc/self/task/<tid>/status}: a blocking read that wakes for every few messages shows
	 * here, and each wake-up costs the server a share of the two cores too.
	 */
	private static long contextSwitches() {
		long switches = 0;
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : tasks.toList()) {
				try {
					for (String line : Files.readAllLines(task.resolve("status"))) {
						if (line.contains("ctxt_switches:")) {
							switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
						}
					}
				}
				catch (IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return switches;
	}

	private static long compilationMillis() {
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		return (compilation != null && compilation.isCompilationTimeMonitoringSupported())
				? compilation.getTotalCompilationTime() : 0;
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.filter((time) -> time > 0)
			.sum();
	}

	private static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.filter((count) -> count > 0)
			.sum();
	}

	private static Map<Long, Long> threadCpu() {
		Map<Long, Long> cpu = new HashMap<>();
		for (long id : threads.getAllThreadIds()) {
			long nanos = threads.getThreadCpuTime(id);
			if (nanos >= 0) {
				cpu.put(id, nanos);
			}
		}
		return cpu;
	}

	boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Returns the measurement.
	 * @param changes the changes received
	 * @param bytes the pgoutput bytes received, or {@code -1} if the consumer cannot tell
	 * @param spilledBytes the bytes the consumer spilled to disk, or {@code -1} if it cannot tell
	 * @return the result
	 */
	ConsumerResult result(long changes, long bytes, long spilledBytes) {
		if (!this.started || !this.stopped) {
			throw new IllegalStateException("The consumer did not finish: started " + this.started + ", stopped "
					+ this.stopped + " after " + changes + " changes");
		}
		long[] latencies = this.latencyMicros;
		return new ConsumerResult(changes, bytes, this.stopNanos - this.startNanos, this.stopCpuNanos - this.startCpuNanos,
				this.startNanos - this.createdNanos,
				(latencies != null) ? Latencies.of(latencies, Math.min(latencies.length, this.changes - this.latencyFrom)) : null,
				MemoryUse.ofThisProcess(spilledBytes));
	}

}
