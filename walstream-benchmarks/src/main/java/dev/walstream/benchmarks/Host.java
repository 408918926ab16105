package dev.walstream.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the benchmarks' reports say about the machine they ran on: its processor and its load,
 * since on a shared machine the load explains much of the spread.
 */
public final class Host {

	private Host() {
	}

	/**
	 * Returns the processor's model name, from {@code /proc/cpuinfo}.
	 * @return the name, or {@code unknown CPU}
	 */
	public static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			return "unknown CPU";
		}
	}

	/**
	 * Returns the load averages over 1, 5 and 15 minutes, from {@code /proc/loadavg}.
	 * @return such as {@code 1.56 / 1.44 / 1.55}, or {@code unknown}
	 */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
