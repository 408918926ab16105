package dev.walstream.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link DurableConsumer} in a JVM of its own, so that a test can kill it with SIGKILL, and what
 * it printed: its log and the state it reports ({@value DurableConsumer#STREAMING},
 * {@value DurableConsumer#STANDBY} or {@value DurableConsumer#RECONNECTING}).
 */
final class ConsumerProcess {

	private final Process process;

	private final List<String> output;

	private ConsumerProcess(Process process, List<String> output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts a consumer JVM.
	 * @param host the server's (or a proxy's) host
	 * @param port its port
	 * @param database the database
	 * @param slot the slot
	 * @param file the consumer's durable file
	 * @param spill the spill directory
	 * @param serverTimeout the stream's {@code serverTimeout}
	 * @return the running consumer
	 * @throws IOException if the JVM cannot be started
	 */
	static ConsumerProcess start(String host, int port, String database, String slot, Path file, Path spill,
			Duration serverTimeout) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				DurableConsumer.class.getName(), host, Integer.toString(port), database, slot, file.toString(),
				spill.toString(), Long.toString(serverTimeout.toMillis()))
			.redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		CompletableFuture.runAsync(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(output::add);
			}
			catch (IOException ex) {
				output.add(ex.toString());
			}
		});
		return new ConsumerProcess(process, output);
	}

	/** @return whether the JVM runs and its stream last said it streams from the slot */
	boolean isStreaming() {
		return this.process.isAlive() && DurableConsumer.STREAMING.equals(lastState());
	}

	/** @return whether the JVM runs and its stream last said it stands by for the slot */
	boolean isStandby() {
		return this.process.isAlive() && DurableConsumer.STANDBY.equals(lastState());
	}

	private String lastState() {
		for (int i = this.output.size() - 1; i >= 0; i--) {
			String line = this.output.get(i);
			if (DurableConsumer.STREAMING.equals(line) || DurableConsumer.STANDBY.equals(line)
					|| DurableConsumer.RECONNECTING.equals(line)) {
				return line;
			}
		}
		return "";
	}

	/**
	 * Kills the JVM with SIGKILL and waits until it is gone.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void kill() throws InterruptedException {
		assertThat(this.process.isAlive()).as("consumer alive before the kill; output %s", this.output).isTrue();
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("consumer killed").isTrue();
	}

	/** Kills the JVM if it still runs, for clean-up. */
	void killIfAlive() {
		this.process.destroyForcibly();
	}

	@Override
	public String toString() {
		return "consumer " + this.process.pid() + " " + lastState();
	}

}
