package dev.walstream.stream;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks a blocked {@code nextEvent} to return, from any thread. A cancelled token stays cancelled.
 *
 * @since 0.1.0
 */
public final class CancellationToken {

	private volatile boolean cancelled;

	private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Cancels: every waiting and future {@code nextEvent} with this token returns {@code null}.
	 */
	public void cancel() {
		this.cancelled = true;
		this.listeners.forEach(Runnable::run);
	}

	/**
	 * Whether {@link #cancel()} was called.
	 * @return {@code true} once cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Runs {@code listener} when the token is cancelled (at once if it already is).
	 * @param listener what to run; must be quick and must not block
	 */
	void onCancel(Runnable listener) {
		this.listeners.add(listener);
		if (this.cancelled) {
			listener.run();
		}
	}

}
