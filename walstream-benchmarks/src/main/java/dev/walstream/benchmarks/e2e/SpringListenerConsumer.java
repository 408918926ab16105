package dev.walstream.benchmarks.e2e;

/**
 * The hook for the Spring starter's consumer: a Spring Boot application with one no-op
 * {@code @WalListener(tables = "public.*")} method taking a {@code ChangeEvent}, which decodes every
 * column as {@link WalstreamConsumer} does and stops the {@link Meter} at the commit after the last
 * expected change ({@code walstream.*} properties: the target's connection, slot and publication,
 * slot and publication creation off).
 *
 * <p>The starter is being written on another branch and is not a dependency of this module yet, so
 * {@link ConsumerKind#SPRING_LISTENER} is skipped while {@link #isAvailable()} is {@code false}.
 * To measure it: add {@code walstream-spring-boot-starter} to this module's pom and implement
 * {@link #consume(ConsumerTarget)} here; the harness already runs it in a JVM of its own.
 */
final class SpringListenerConsumer implements ReplicationConsumer {

	static final String LISTENER_ANNOTATION = "dev.walstream.spring.annotation.WalListener";

	/**
	 * Whether the starter is on the classpath and this consumer has been written against it.
	 * @return {@code false} until both are true
	 */
	static boolean isAvailable() {
		try {
			Class.forName(LISTENER_ANNOTATION, false, SpringListenerConsumer.class.getClassLoader());
			// the starter is there, but this class has not been written against it yet
			return false;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	@Override
	public ConsumerResult consume(ConsumerTarget target) {
		throw new UnsupportedOperationException("The Spring @WalListener consumer is not written yet: see the class's"
				+ " documentation");
	}

}
