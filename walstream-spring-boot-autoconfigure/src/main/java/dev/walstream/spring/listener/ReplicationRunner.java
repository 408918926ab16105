package dev.walstream.spring.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.decode.ValueDecoders;
import dev.walstream.spring.observation.WalListenerObservationConvention;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.RetryConfig;
import dev.walstream.stream.StreamStatus;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Streams changes from one replication slot to the {@link WalListenerRegistry registered}
 * listeners, from when the application context starts until it stops.
 *
 * <p>{@link #start()} returns at once: a thread of its own connects and streams, so a database that
 * is down, or a slot that another instance holds, never delays the application's start-up. Events
 * are dispatched in commit order, on that one thread; a transaction is acknowledged to the server
 * (its commit's end LSN) only after every matching listener returned for every event of it, so the
 * slot's confirmed position never passes an event that was not handled, and after a crash the
 * server delivers again what was not acknowledged (at-least-once delivery).
 *
 * <p>When several instances of an application share one slot, PostgreSQL lets one stream from it;
 * the others stand by, trying again every {@linkplain #setStandbyInterval(Duration) standby
 * interval}, and one of them takes over soon after the active instance stops.
 *
 * <p>{@link #stop(Runnable)} finishes the event at hand, sends a final status update with the last
 * acknowledged position, and closes the connection; a listener still busy after the
 * {@linkplain #setShutdownTimeout(Duration) shutdown timeout} is interrupted and its transaction
 * left unacknowledged, so that shutdown is bounded. {@link #pause()} stops dispatching without
 * losing the position; {@link #resume()} carries on from the next event.
 *
 * @since 0.1.0
 */
public class ReplicationRunner implements SmartLifecycle {

	/** The default phase: late, as spring-kafka's listener containers, so that listeners' collaborators run. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private static final Log logger = LogFactory.getLog(ReplicationRunner.class);

	private final ConnectionConfig connectionConfig;

	private final ReplicationStreamConfig streamConfig;

	private final WalListenerRegistry registry;

	private ValueDecoders valueDecoders = ValueDecoders.defaults();

	private BackOff listenerBackOff = new FixedBackOff(0, 0);

	private WalListenerErrorHandler errorHandler = WalListenerErrorHandler.logAndStop();

	private Duration standbyInterval = Duration.ofSeconds(2);

	private Duration shutdownTimeout = Duration.ofSeconds(25);

	private boolean autoStartup = true;

	private int phase = DEFAULT_PHASE;

	private final CompositeObserver observers = new CompositeObserver();

	private @Nullable ObservationRegistry observationRegistry;

	private @Nullable WalListenerObservationConvention observationConvention;

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable StreamWorker worker;

	/**
	 * Creates a runner.
	 * @param connectionConfig where to connect
	 * @param streamConfig what to stream; acknowledgement is always left to the runner, whatever
	 * its {@code autoAcknowledge} says
	 * @param registry the listeners
	 */
	public ReplicationRunner(ConnectionConfig connectionConfig, ReplicationStreamConfig streamConfig,
			WalListenerRegistry registry) {
		this.connectionConfig = connectionConfig;
		this.streamConfig = streamConfig.toBuilder().autoAcknowledge(false).build();
		this.registry = registry;
	}

	/**
	 * Sets the decoders of column values (default {@link ValueDecoders#defaults()}).
	 * @param valueDecoders the decoders
	 */
	public void setValueDecoders(ValueDecoders valueDecoders) {
		this.valueDecoders = Objects.requireNonNull(valueDecoders, "valueDecoders");
	}

	/**
	 * Sets the delays between retries of a failing listener (default: no retry). Retries end when
	 * the back-off ends, or when the runner stops.
	 * @param listenerBackOff the back-off
	 */
	public void setListenerBackOff(BackOff listenerBackOff) {
		this.listenerBackOff = Objects.requireNonNull(listenerBackOff, "listenerBackOff");
	}

	/**
	 * Sets what decides once a listener's retries are spent (default
	 * {@link WalListenerErrorHandler#logAndStop()}).
	 * @param errorHandler the error handler
	 */
	public void setErrorHandler(WalListenerErrorHandler errorHandler) {
		this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
	}

	/**
	 * Sets how often a standby instance checks whether the slot is free (default 2 s).
	 * @param standbyInterval the interval
	 */
	public void setStandbyInterval(Duration standbyInterval) {
		if (standbyInterval.isNegative() || standbyInterval.isZero()) {
			throw new IllegalArgumentException("The standby interval must be positive");
		}
		this.standbyInterval = standbyInterval;
	}

	/**
	 * Sets how long {@link #stop()} and {@link #stop(Runnable)} wait for the event at hand to finish
	 * before they abandon it (default 25 s, below Spring's 30 s shutdown phase).
	 * @param shutdownTimeout the timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
	}

	/**
	 * Sets whether streaming starts with the application context (default {@code true}).
	 * @param autoStartup the option
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Sets the lifecycle phase (default {@link #DEFAULT_PHASE}).
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	/**
	 * Adds an observer, told about events, acknowledgements, listener calls and failures from the
	 * runner's thread. May be called at any time; it takes effect from the next thing observed.
	 * @param observer the observer
	 */
	public void addObserver(ReplicationRunnerObserver observer) {
		this.observers.add(Objects.requireNonNull(observer, "observer"));
	}

	/**
	 * Sets the registry that observes each listener call (default none), so that each call is
	 * timed and, with a tracer, traced. Takes effect from the next start.
	 * @param observationRegistry the registry, or {@code null} for none
	 */
	public void setObservationRegistry(@Nullable ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets how observations of listener calls are named and tagged (default
	 * {@link dev.walstream.spring.observation.DefaultWalListenerObservationConvention}).
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable WalListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Whether listener calls are observed with a Micrometer {@link ObservationRegistry}.
	 * @return {@code true} when a registry that is not a no-op is set
	 */
	public boolean isObservationEnabled() {
		ObservationRegistry registry = this.observationRegistry;
		return registry != null && !registry.isNoop();
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Starts streaming on a new thread, and returns at once.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (isRunning()) {
				return;
			}
			RetryConfig connectRetry = this.streamConfig.retry();
			ListenerSettings listenerSettings = new ListenerSettings(this.listenerBackOff, this.errorHandler,
					this.observers, this.observationRegistry, this.observationConvention);
			StreamWorker started = new StreamWorker(this.streamConfig.slotName(), this::openStream, connectRetry,
					this.standbyInterval, this.registry, listenerSettings);
			this.worker = started;
			Thread thread = new Thread(started, "walstream-" + this.streamConfig.slotName());
			thread.start();
			logger.debug("Started streaming from slot '" + this.streamConfig.slotName() + "' to "
					+ this.registry.getEndpointIds());
		}
	}

	private LogicalReplicationStream openStream() {
		return LogicalReplicationStream.open(this.connectionConfig, this.streamConfig, this.valueDecoders);
	}

	/**
	 * Stops streaming and waits until the event at hand is finished and the connection closed, or
	 * until the shutdown timeout passed and the runner {@linkplain #abandon(StreamWorker) abandoned}
	 * the transaction at hand.
	 */
	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops streaming without waiting; {@code callback} runs once the event at hand is finished and
	 * the connection closed, or once the shutdown timeout passed and the runner
	 * {@linkplain #abandon(StreamWorker) abandoned} the transaction at hand, so that a listener that
	 * blocks delays the application's shutdown by the shutdown timeout at most.
	 * @param callback what to run once stopped
	 */
	@Override
	public void stop(Runnable callback) {
		StreamWorker current = this.worker;
		if (current == null) {
			callback.run();
			return;
		}
		current.requestStop();
		current.terminated()
			.copy()
			.orTimeout(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, timeout) -> {
				try {
					if (timeout != null) {
						abandon(current);
					}
				}
				finally {
					callback.run();
				}
			});
	}

	/**
	 * Gives up on a listener still busy when the shutdown timeout passed: closes the connection with
	 * the last acknowledged position, which releases the slot without acknowledging the transaction
	 * at hand (it is delivered again on the next start), and interrupts the listener.
	 */
	private void abandon(StreamWorker current) {
		logger.warn("Streaming from slot '" + this.streamConfig.slotName() + "' did not stop within "
				+ this.shutdownTimeout.toMillis() + " ms: a listener is still busy; closing the connection without "
				+ "acknowledging the transaction at hand, which is delivered again on the next start");
		current.abandon();
	}

	/**
	 * Whether the runner's thread is connecting, standing by or streaming.
	 * @return {@code true} while it runs
	 */
	@Override
	public boolean isRunning() {
		StreamWorker current = this.worker;
		return current != null && !current.terminated().isDone();
	}

	/**
	 * Stops dispatching after the event at hand, keeping the connection and the position.
	 */
	public void pause() {
		StreamWorker current = this.worker;
		if (current != null) {
			current.pause();
		}
	}

	/**
	 * Resumes dispatching from the next event.
	 */
	public void resume() {
		StreamWorker current = this.worker;
		if (current != null) {
			current.resume();
		}
	}

	/**
	 * Whether dispatching is paused.
	 * @return {@code true} when paused
	 */
	public boolean isPaused() {
		StreamWorker current = this.worker;
		return current != null && current.isPaused();
	}

	/**
	 * Returns what the runner is doing now.
	 * @return the state
	 */
	public RunnerState getState() {
		StreamWorker current = this.worker;
		return (current != null) ? current.state() : RunnerState.STOPPED;
	}

	/**
	 * Returns the failure that stopped the runner, when {@linkplain #getState() the state} is
	 * {@link RunnerState#FAILED}.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable getFailure() {
		StreamWorker current = this.worker;
		return (current != null) ? current.failure() : null;
	}

	/**
	 * Returns what kind of failure stopped the runner, when {@linkplain #getState() the state} is
	 * {@link RunnerState#FAILED}.
	 * @return the kind, or {@code null}
	 */
	public @Nullable FailureKind getFailureKind() {
		StreamWorker current = this.worker;
		return (current != null) ? current.failureKind() : null;
	}

	/**
	 * Returns the stream's positions and connection state, for monitoring.
	 * @return the status, or {@code null} before the stream connected
	 */
	public @Nullable StreamStatus getStatus() {
		StreamWorker current = this.worker;
		return (current != null) ? current.status() : null;
	}

	/**
	 * Returns the position up to which the runner acknowledged handled transactions since it
	 * started (the end of the newest one): what the server is told as flushed next.
	 * @return the position, or {@code null} before the first acknowledgement
	 */
	public @Nullable Lsn getAcknowledgedLsn() {
		StreamWorker current = this.worker;
		return (current != null) ? current.acknowledged() : null;
	}

	/**
	 * Returns the commit time of the newest transaction the listeners handled since the runner
	 * started.
	 * @return the commit time, or {@code null} before the first
	 */
	public @Nullable Instant getLastHandledCommitTime() {
		StreamWorker current = this.worker;
		return (current != null) ? current.lastHandledCommitTime() : null;
	}

	/**
	 * Returns how far behind in time the runner is: while a transaction is being handled, now minus
	 * its commit time; while waiting for the next event, now minus the commit time of the newest
	 * handled transaction; and zero once it has waited for the server a second with nothing in
	 * hand, which means it is caught up.
	 * @return the lag, zero when stopped or caught up
	 */
	public Duration getLag() {
		StreamWorker current = this.worker;
		return (current != null && !current.terminated().isDone()) ? current.lag() : Duration.ZERO;
	}

	/**
	 * Returns the publications this runner streams.
	 * @return the publication names
	 */
	public List<String> getPublicationNames() {
		return this.streamConfig.publicationNames();
	}

	/**
	 * Returns the slot this runner streams from.
	 * @return the slot's name
	 */
	public String getSlotName() {
		return this.streamConfig.slotName();
	}

	/**
	 * Returns the listeners this runner dispatches to.
	 * @return the registry
	 */
	public WalListenerRegistry getRegistry() {
		return this.registry;
	}

}
