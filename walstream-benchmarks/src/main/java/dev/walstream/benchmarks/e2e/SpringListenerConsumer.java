package dev.walstream.benchmarks.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.spring.annotation.WalListener;
import dev.walstream.spring.boot.autoconfigure.WalstreamAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

/**
 * The Spring starter's consumer: an application context with walstream's auto-configuration and
 * one {@code @WalListener(tables = "public.*")} method taking a {@link ChangeEvent}, which decodes
 * every column as {@link WalstreamConsumer} does. The runner acknowledges each transaction after the
 * listener returned, as in production.
 *
 * <p>The context is built without {@code SpringApplication}, which the shaded benchmark jar cannot
 * serve its merged {@code spring.factories}; the auto-configuration is imported directly.
 */
final class SpringListenerConsumer implements ReplicationConsumer {

	@Override
	public ConsumerResult consume(ConsumerTarget target) {
		Meter meter = new Meter(target);
		CountingListener listener = new CountingListener(meter, target.changes());
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties(target)));
			context.registerBean(CountingListener.class, () -> listener);
			context.register(BenchmarkApplication.class);
			context.refresh();
			if (!listener.done.await(30, TimeUnit.MINUTES)) {
				throw new IllegalStateException("The listener received " + listener.changes + " changes");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		WalstreamConsumer.sink = listener.values;
		return meter.result(listener.changes, -1, -1);
	}

	private static Map<String, Object> properties(ConsumerTarget target) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("walstream.connection.host", target.host());
		properties.put("walstream.connection.port", target.port());
		properties.put("walstream.connection.database", target.database());
		properties.put("walstream.connection.username", target.user());
		properties.put("walstream.connection.password", target.password());
		properties.put("walstream.slot.name", target.slot());
		properties.put("walstream.slot.create", "false");
		properties.put("walstream.publication.names", target.publication());
		properties.put("walstream.binary", Boolean.toString(target.binary()));
		return properties;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(WalstreamAutoConfiguration.class)
	static class BenchmarkApplication {

		@Bean
		static String benchmarkMarker() {
			return "walstream-benchmark";
		}

	}

	/**
	 * A listener that does no work beyond decoding every value, and stops the meter when the last
	 * expected change arrived.
	 */
	static final class CountingListener {

		private final Meter meter;

		private final long expected;

		private final CountDownLatch done = new CountDownLatch(1);

		private long changes;

		private long values;

		CountingListener(Meter meter, long expected) {
			this.meter = meter;
			this.expected = expected;
		}

		@WalListener(id = "benchmark", tables = "public.*")
		void on(ChangeEvent event) {
			this.meter.change(WalstreamConsumer.commitMicros(event));
			EventType type = event.eventType();
			if (type instanceof EventType.Insert insert) {
				this.values += WalstreamConsumer.decodeAll(insert.data());
			}
			else if (type instanceof EventType.Update update) {
				if (update.oldData() != null) {
					this.values += WalstreamConsumer.decodeAll(update.oldData());
				}
				this.values += WalstreamConsumer.decodeAll(update.newData());
			}
			else if (type instanceof EventType.Delete delete) {
				this.values += WalstreamConsumer.decodeAll(delete.oldData());
			}
			if (++this.changes == this.expected) {
				this.meter.stop();
				this.done.countDown();
			}
		}

	}

}
