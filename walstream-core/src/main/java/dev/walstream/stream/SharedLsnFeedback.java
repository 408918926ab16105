package dev.walstream.stream;

import java.util.concurrent.atomic.AtomicLong;

import dev.walstream.Lsn;

/**
 * The positions a consumer reports to the server, shared between the thread that reads the stream
 * and the threads that handle its events. The server keeps WAL and may resend changes after the
 * {@linkplain #updateFlushedLsn(long) flushed} position, so an application advances it only past
 * transactions it has durably handled; the stream sends what is here in its status updates.
 *
 * <p>Every update only ever moves a position forward (comparing as unsigned), so threads may report
 * out of order. Thread-safe.
 *
 * @since 0.1.0
 */
public final class SharedLsnFeedback {

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong flushed = new AtomicLong();

	private SharedLsnFeedback() {
	}

	/**
	 * Creates positions that start at {@code 0/0}.
	 * @return new shared positions
	 */
	public static SharedLsnFeedback newShared() {
		return new SharedLsnFeedback();
	}

	/**
	 * Records that WAL up to {@code lsn} was received (written).
	 * @param lsn the position
	 */
	public void updateReceivedLsn(long lsn) {
		advance(this.received, lsn);
	}

	/**
	 * Records that changes up to {@code lsn} were applied (handled, perhaps not yet durably).
	 * @param lsn the position, normally a transaction's commit end LSN
	 */
	public void updateAppliedLsn(long lsn) {
		advance(this.applied, lsn);
	}

	/**
	 * Records that changes up to {@code lsn} were durably handled, so that the server may forget
	 * them. Also counts as applied.
	 * @param lsn the position, normally a transaction's commit end LSN
	 */
	public void updateFlushedLsn(long lsn) {
		advance(this.flushed, lsn);
		advance(this.applied, lsn);
	}

	/**
	 * Returns the received position.
	 * @return the position
	 */
	public Lsn getReceivedLsn() {
		return Lsn.of(this.received.get());
	}

	/**
	 * Returns the applied position.
	 * @return the position
	 */
	public Lsn getAppliedLsn() {
		return Lsn.of(this.applied.get());
	}

	/**
	 * Returns the flushed position.
	 * @return the position
	 */
	public Lsn getFlushedLsn() {
		return Lsn.of(this.flushed.get());
	}

	/**
	 * Returns the positions to report to the server.
	 * @return the flushed and applied positions
	 */
	public Feedback getFeedbackLsn() {
		return new Feedback(getFlushedLsn(), getAppliedLsn());
	}

	private static void advance(AtomicLong position, long lsn) {
		position.accumulateAndGet(lsn, (current, update) -> (Long.compareUnsigned(update, current) > 0) ? update : current);
	}

	/**
	 * A snapshot of the positions reported to the server.
	 *
	 * @param flushed the position up to which changes are durably handled
	 * @param applied the position up to which changes are applied
	 */
	public record Feedback(Lsn flushed, Lsn applied) {

	}

}
