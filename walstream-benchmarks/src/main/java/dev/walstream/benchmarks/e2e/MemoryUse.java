package dev.walstream.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory a consumer's process took at most, and how much it wrote to spill files.
 *
 * @param peakHeapBytes the sum of the heap pools' peak usage ({@link MemoryPoolMXBean#getPeakUsage()}):
 * the pools peak at different moments, so this is an upper bound of the heap ever in use
 * @param peakRssBytes the process's peak resident set size ({@code VmHWM} in
 * {@code /proc/self/status}), or {@code -1} where there is no such file
 * @param spilledBytes the bytes walstream wrote to spill files, or {@code -1} if the consumer
 * cannot tell
 */
public record MemoryUse(long peakHeapBytes, long peakRssBytes, long spilledBytes) {

	/**
	 * Measures this process.
	 * @param spilledBytes what the consumer spilled, or {@code -1} if unknown
	 * @return the figures
	 */
	static MemoryUse ofThisProcess(long spilledBytes) {
		long heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
		return new MemoryUse(heap, peakRss(), spilledBytes);
	}

	private static long peakRss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					// "VmHWM:    123456 kB"
					return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
				}
			}
			return -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
