package dev.walstream.spring.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.walstream.Lsn;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.stream.CancellationToken;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.RetryConfig;
import dev.walstream.stream.StreamStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link ReplicationRunner}, on its own thread: connects (standing by while another
 * instance holds the slot), then pulls events, dispatches them and acknowledges each transaction
 * once its listeners are done, until asked to stop or stopped by a failure. A new worker is made
 * for every start, so that a stopped runner can start again from a clean state.
 */
final class StreamWorker implements Runnable {

	private static final Log logger = LogFactory.getLog(StreamWorker.class);

	/** How long the worker waits for the server with nothing in hand before it counts as caught up. */
	static final Duration CAUGHT_UP_AFTER = Duration.ofSeconds(1);

	private final String slotName;

	private final Supplier<LogicalReplicationStream> streamFactory;

	private final RetryConfig connectRetry;

	private final Duration standbyInterval;

	private final ListenerInvoker invoker;

	private final TransactionDispatcher dispatcher;

	private final ReplicationRunnerObserver observer;

	/** Ends the current wait for an event; replaced after each pause, since a token stays cancelled. */
	private volatile CancellationToken waitToken = new CancellationToken();

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private final Object pauseMonitor = new Object();

	private volatile boolean paused;

	private volatile RunnerState state = RunnerState.CONNECTING;

	private volatile @Nullable Throwable failure;

	private volatile @Nullable FailureKind failureKind;

	private volatile @Nullable LogicalReplicationStream stream;

	private volatile @Nullable Thread thread;

	/** Set once shutdown gave up waiting for the event at hand; nothing is acknowledged after it. */
	private volatile boolean abandoned;

	// progress, written by this worker's thread (lazySet: no fence per event), read by monitoring

	/** When the wait for the next event began, or 0 while an event is in hand. */
	private final AtomicLong waitingSinceNanos = new AtomicLong(System.nanoTime());

	/** The commit time, in epoch milliseconds, of the transaction in hand, or {@code Long.MIN_VALUE}. */
	private final AtomicLong inHandCommitMillis = new AtomicLong(Long.MIN_VALUE);

	/** The commit time, in epoch milliseconds, of the newest handled transaction, or {@code Long.MIN_VALUE}. */
	private final AtomicLong handledCommitMillis = new AtomicLong(Long.MIN_VALUE);

	private volatile @Nullable Lsn acknowledged;

	StreamWorker(String slotName, Supplier<LogicalReplicationStream> streamFactory, RetryConfig connectRetry,
			Duration standbyInterval, WalListenerRegistry registry, ListenerSettings listenerSettings) {
		this.slotName = slotName;
		this.streamFactory = streamFactory;
		this.connectRetry = connectRetry;
		this.standbyInterval = standbyInterval;
		this.observer = listenerSettings.observer();
		this.invoker = new ListenerInvoker(slotName, listenerSettings, this::isStopping);
		this.dispatcher = new TransactionDispatcher(registry, this.invoker);
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		try {
			LogicalReplicationStream opened = connect();
			if (opened != null) {
				try {
					this.stream = opened;
					// an abandoned listener may fail from the interrupt: the runner stopped, it did not fail
					if (stream(opened) || this.abandoned) {
						this.state = RunnerState.STOPPED;
					}
					else {
						this.failure = this.invoker.unhandledFailure();
						this.failureKind = FailureKind.LISTENER;
						this.state = RunnerState.FAILED;
					}
				}
				finally {
					// from this thread, so that the final status update reports the last acknowledgement
					opened.close();
				}
			}
			else {
				this.state = RunnerState.STOPPED;
			}
		}
		catch (ReplicationException ex) {
			fail(ex, "Streaming from slot '" + this.slotName + "' stopped: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			fail(ex, "Streaming from slot '" + this.slotName + "' stopped unexpectedly");
		}
		catch (Error ex) {
			fail(ex, "Streaming from slot '" + this.slotName + "' stopped unexpectedly");
			throw ex;
		}
		finally {
			this.terminated.complete(null);
		}
	}

	private void fail(Throwable ex, String message) {
		this.failure = ex;
		this.failureKind = FailureKind.of(ex);
		this.state = RunnerState.FAILED;
		logger.error(message, ex);
		this.observer.runnerFailed(ex);
	}

	private @Nullable LogicalReplicationStream connect() {
		int attempts = 0;
		long firstFailureNanos = 0;
		boolean standby = false;
		while (!isStopping()) {
			LogicalReplicationStream candidate = this.streamFactory.get();
			try {
				candidate.initialize();
				candidate.start(null);
				if (standby) {
					logger.info("Slot '" + this.slotName + "' is free: this instance streams from it now");
				}
				this.state = RunnerState.STREAMING;
				return candidate;
			}
			catch (ReplicationException ex) {
				candidate.close();
				if (!ex.isRetryable()) {
					throw ex;
				}
				this.observer.connectionFailed(ex);
				Duration delay;
				if (isActiveElsewhere(ex)) {
					if (!standby) {
						logger.info("Slot '" + this.slotName + "' is streamed by another consumer: standing by, "
								+ "checking every " + this.standbyInterval.toMillis() + " ms");
					}
					standby = true;
					this.state = RunnerState.STANDBY;
					delay = this.standbyInterval;
				}
				else {
					attempts++;
					long now = System.nanoTime();
					firstFailureNanos = (attempts == 1) ? now : firstFailureNanos;
					if (!this.connectRetry.allowsAttempt(attempts, Duration.ofNanos(now - firstFailureNanos))) {
						throw ex;
					}
					this.state = RunnerState.CONNECTING;
					delay = this.connectRetry.delayBefore(attempts, ThreadLocalRandom.current()::nextDouble);
					logger.warn(ex.getMessage() + "; retrying in " + delay.toMillis() + " ms (attempt " + attempts + ")");
				}
				awaitStop(delay);
			}
		}
		return null;
	}

	private static boolean isActiveElsewhere(@Nullable Throwable failure) {
		return failure instanceof SlotException slot && slot.getReason() == SlotException.Reason.ACTIVE_ELSEWHERE;
	}

	/**
	 * Dispatches events until asked to stop.
	 * @return {@code true} when stopped on request, {@code false} when a listener failure stopped it
	 */
	private boolean stream(LogicalReplicationStream opened) {
		while (awaitUnpaused()) {
			CancellationToken token = currentWaitToken();
			this.waitingSinceNanos.lazySet(System.nanoTime());
			ChangeEvent event = opened.nextEvent(token);
			this.waitingSinceNanos.lazySet(0);
			if (event == null) {
				if (isStopping() || !token.isCancelled()) {
					// asked to stop, or the stream was closed
					return true;
				}
				// a pause ended the wait; awaitUnpaused() waits for the resume
				continue;
			}
			inHand(event);
			this.observer.eventReceived(event);
			if (!this.dispatcher.dispatch(event)) {
				return false;
			}
			if (this.abandoned) {
				// the connection was closed with the previous acknowledgement; this one would come too late
				return true;
			}
			Lsn handled = TransactionDispatcher.acknowledgePosition(event);
			if (handled != null) {
				opened.acknowledge(handled);
				acknowledged(event, handled);
			}
		}
		return true;
	}

	private void inHand(ChangeEvent event) {
		Instant commitTime = event.commitTime();
		if (commitTime != null && this.inHandCommitMillis.get() == Long.MIN_VALUE) {
			this.inHandCommitMillis.lazySet(commitTime.toEpochMilli());
		}
	}

	private void acknowledged(ChangeEvent event, Lsn position) {
		long inHand = this.inHandCommitMillis.get();
		if (inHand != Long.MIN_VALUE) {
			this.handledCommitMillis.lazySet(inHand);
		}
		this.inHandCommitMillis.lazySet(Long.MIN_VALUE);
		this.acknowledged = position;
		this.observer.transactionAcknowledged(event);
	}

	private CancellationToken currentWaitToken() {
		CancellationToken token = this.waitToken;
		if (token.isCancelled()) {
			token = new CancellationToken();
			this.waitToken = token;
			// a stop requested while the token was replaced must still end the wait
			if (isStopping()) {
				token.cancel();
			}
		}
		return token;
	}

	private boolean awaitUnpaused() {
		if (!this.paused) {
			return !isStopping();
		}
		synchronized (this.pauseMonitor) {
			while (this.paused && !isStopping()) {
				this.state = RunnerState.PAUSED;
				try {
					this.pauseMonitor.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					requestStop();
				}
			}
		}
		this.state = RunnerState.STREAMING;
		return !isStopping();
	}

	private void awaitStop(Duration delay) {
		try {
			this.stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			requestStop();
		}
	}

	boolean isStopping() {
		return this.stopRequested.getCount() == 0;
	}

	/**
	 * Asks the worker to stop after the event at hand; returns at once.
	 */
	void requestStop() {
		this.stopRequested.countDown();
		this.waitToken.cancel();
		synchronized (this.pauseMonitor) {
			this.pauseMonitor.notifyAll();
		}
	}

	/**
	 * Gives up on the event at hand, once asked to stop: closes the stream from the calling thread
	 * (the final status update reports the last acknowledgement, and the slot is released) and
	 * interrupts the worker's thread, so that a listener that responds to interrupts ends.
	 */
	void abandon() {
		this.abandoned = true;
		LogicalReplicationStream open = this.stream;
		if (open != null) {
			open.close();
		}
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
	}

	void pause() {
		this.paused = true;
		this.waitToken.cancel();
	}

	void resume() {
		synchronized (this.pauseMonitor) {
			this.paused = false;
			this.pauseMonitor.notifyAll();
		}
	}

	boolean isPaused() {
		return this.paused;
	}

	CompletableFuture<Void> terminated() {
		return this.terminated;
	}

	RunnerState state() {
		RunnerState current = this.state;
		LogicalReplicationStream open = this.stream;
		if (current == RunnerState.STREAMING && open != null) {
			// the stream retries a lost connection inside nextEvent; its status says what it waits for
			Throwable retrying = open.status().lastFailure();
			if (retrying != null) {
				return isActiveElsewhere(retrying) ? RunnerState.STANDBY : RunnerState.CONNECTING;
			}
		}
		return current;
	}

	@Nullable Throwable failure() {
		return this.failure;
	}

	@Nullable FailureKind failureKind() {
		return this.failureKind;
	}

	@Nullable Lsn acknowledged() {
		return this.acknowledged;
	}

	/**
	 * How far behind the worker is: while a transaction is in hand, now minus its commit time;
	 * while waiting for the next event, now minus the commit time of the newest handled
	 * transaction, until the wait is longer than {@link #CAUGHT_UP_AFTER}, which means caught up.
	 */
	Duration lag() {
		long now = System.currentTimeMillis();
		long inHand = this.inHandCommitMillis.get();
		long waitingSince = this.waitingSinceNanos.get();
		long reference;
		if (inHand != Long.MIN_VALUE) {
			reference = inHand;
		}
		else if (waitingSince == 0 || System.nanoTime() - waitingSince < CAUGHT_UP_AFTER.toNanos()) {
			reference = this.handledCommitMillis.get();
		}
		else {
			return Duration.ZERO;
		}
		return (reference == Long.MIN_VALUE || reference >= now) ? Duration.ZERO : Duration.ofMillis(now - reference);
	}

	@Nullable Instant lastHandledCommitTime() {
		long millis = this.handledCommitMillis.get();
		return (millis != Long.MIN_VALUE) ? Instant.ofEpochMilli(millis) : null;
	}

	@Nullable StreamStatus status() {
		LogicalReplicationStream open = this.stream;
		return (open != null) ? open.status() : null;
	}

}
