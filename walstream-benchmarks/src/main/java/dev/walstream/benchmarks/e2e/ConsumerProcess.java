package dev.walstream.benchmarks.e2e;

import java.util.Arrays;

/**
 * The main class of a forked consumer JVM: runs one consumer against one slot and prints its
 * {@link ConsumerResult} as a line on standard output.
 */
public final class ConsumerProcess {

	/** The first argument of {@code benchmarks.jar} that leads here. */
	public static final String COMMAND = "consume";

	private ConsumerProcess() {
	}

	/**
	 * Runs a consumer.
	 * @param args the {@link ConsumerKind#id()}, then the {@link ConsumerTarget} as {@code key=value}
	 */
	public static void main(String[] args) {
		int status = 0;
		try {
			ConsumerKind kind = ConsumerKind.of(args[0]);
			ConsumerTarget target = ConsumerTarget.fromArguments(Arrays.asList(args).subList(1, args.length));
			ConsumerResult result = kind.newConsumer().consume(target);
			System.out.println(result.toLine());
			System.out.flush();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			status = 1;
		}
		// engines may leave non-daemon threads behind: the measurement is complete, so leave
		System.exit(status);
	}

}
