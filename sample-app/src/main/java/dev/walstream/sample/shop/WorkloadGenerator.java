package dev.walstream.sample.shop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.walstream.sample.SampleProperties;
import dev.walstream.spring.listener.ReplicationRunner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Keeps the shop busy so that changes flow as soon as the sample starts: every
 * {@code sample.workload.interval} it places an order, every third round ships the oldest new
 * order, every fifth archives the oldest shipped one, and it restocks what runs low.
 *
 * <p>On with the embedded database; {@code sample.workload.enabled=true} turns it on against a
 * server of your own (whose tables it writes). It starts after walstream and stops before it, so
 * that walstream sees the last orders.
 *
 * @since 0.1.0
 */
@Component
@ConditionalOnBooleanProperty("sample.workload.enabled")
public class WorkloadGenerator implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkloadGenerator.class);

	private static final List<String> CUSTOMERS = List.of("Ada", "Grace", "Edsger", "Barbara", "Donald", "Frances",
			"Tony", "Radia");

	private final OrderService orders;

	private final SampleProperties.Workload settings;

	private @Nullable ScheduledExecutorService executor;

	private long round;

	public WorkloadGenerator(OrderService orders, SampleProperties properties) {
		this.orders = orders;
		this.settings = properties.workload();
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sample-workload");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.settings.interval().toMillis();
		executor.scheduleWithFixedDelay(this::safeRound, interval, interval, TimeUnit.MILLISECONDS);
		this.executor = executor;
		logger.info("Placing an order every {} ms (sample.workload.interval)", interval);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdown();
			try {
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * After walstream's runner, so it stops first.
	 */
	@Override
	public int getPhase() {
		return ReplicationRunner.DEFAULT_PHASE + 1;
	}

	private void safeRound() {
		try {
			round();
		}
		catch (RuntimeException ex) {
			// a scheduled task that throws is never run again: report and try again next round
			logger.warn("Workload round failed: {}", NestedExceptionUtils.getMostSpecificCause(ex).toString());
		}
	}

	void round() {
		this.round++;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<String> skus = this.orders.skus();
		Map<String, Integer> quantities = new LinkedHashMap<>();
		int lines = 1 + random.nextInt(Math.min(3, skus.size()));
		while (quantities.size() < lines) {
			quantities.putIfAbsent(skus.get(random.nextInt(skus.size())), 1 + random.nextInt(3));
		}
		this.orders.restock();
		this.orders.placeOrder(CUSTOMERS.get(random.nextInt(CUSTOMERS.size())), quantities);
		if (this.round % 3 == 0) {
			this.orders.shipOldest();
		}
		if (this.round % 5 == 0) {
			this.orders.archiveOldest();
		}
	}

}
