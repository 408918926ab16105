package dev.walstream.stream;

import java.time.Duration;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import org.jspecify.annotations.Nullable;

/**
 * Decides which positions the stream reports to the server, so that the slot's confirmed position
 * never passes a transaction the application has not acknowledged, yet follows the server's end of
 * WAL when nothing is pending (otherwise an idle slot, or one whose tables are quiet while others
 * change, holds WAL back without end).
 *
 * <p>The reading thread updates it; the feedback thread reads what the reading thread published.
 */
final class AcknowledgementState {

	private volatile long received;

	private volatile long serverWalEnd;

	/** The server end of WAL that may be confirmed, published when nothing was pending, else 0. */
	private volatile long followable;

	/** The highest position that may be confirmed while prepared transactions are held, else -1. */
	private volatile long ceiling = -1;

	/** The position of the last transaction handed to the caller. */
	private volatile long lastDelivered;

	private volatile long lastReportedFlush;

	private volatile long lastReportedApplied;

	private volatile long lastReportNanos = System.nanoTime();

	/**
	 * Returns the position to acknowledge once an event is handled.
	 */
	static Lsn acknowledgePosition(ChangeEvent event) {
		Lsn position = event.acknowledgementLsn();
		return (position != null) ? position : event.lsn();
	}

	void resumeAt(Lsn start) {
		this.received = start.value();
	}

	Lsn resumePosition(SharedLsnFeedback feedback) {
		return Lsn.max(Lsn.of(this.lastReportedFlush), capped(feedback.getFlushedLsn()));
	}

	void received(Lsn position) {
		if (Long.compareUnsigned(position.value(), this.received) > 0) {
			this.received = position.value();
		}
	}

	void serverPosition(Lsn walEnd) {
		if (Long.compareUnsigned(walEnd.value(), this.serverWalEnd) > 0) {
			this.serverWalEnd = walEnd.value();
		}
		received(walEnd);
	}

	void delivered(Lsn position) {
		this.lastDelivered = position.value();
	}

	/**
	 * Publishes whether the server's end of WAL may be confirmed: only when no event is waiting, no
	 * transaction is half delivered, and the last delivered one was handed over.
	 */
	void publishFollow(boolean nothingPending, @Nullable Lsn heldPrepareCeiling) {
		this.followable = nothingPending ? this.serverWalEnd : 0;
		this.ceiling = (heldPrepareCeiling != null) ? heldPrepareCeiling.value() : -1;
	}

	Positions positionsToReport(SharedLsnFeedback feedback) {
		long flushed = feedback.getFlushedLsn().value();
		long applied = feedback.getAppliedLsn().value();
		boolean everythingDeliveredIsAcknowledged = Long.compareUnsigned(flushed, this.lastDelivered) >= 0;
		if (everythingDeliveredIsAcknowledged && Long.compareUnsigned(this.followable, flushed) > 0) {
			flushed = this.followable;
			applied = Math.max(applied, flushed);
		}
		flushed = capped(Lsn.of(flushed)).value();
		applied = capped(Lsn.of(applied)).value();
		// a status update never moves a position back
		flushed = unsignedMax(flushed, this.lastReportedFlush);
		applied = unsignedMax(applied, this.lastReportedApplied);
		long written = unsignedMax(this.received, flushed);
		return new Positions(Lsn.of(written), Lsn.of(flushed), Lsn.of(applied));
	}

	private Lsn capped(Lsn position) {
		long limit = this.ceiling;
		return (limit != -1 && Long.compareUnsigned(position.value(), limit) > 0) ? Lsn.of(limit) : position;
	}

	/**
	 * Records what a status update reported.
	 */
	void reported(Positions positions) {
		this.lastReportedFlush = positions.flushed().value();
		this.lastReportedApplied = positions.applied().value();
		this.lastReportNanos = System.nanoTime();
	}

	boolean isFeedbackDue(SharedLsnFeedback feedback, Duration interval) {
		if (System.nanoTime() - this.lastReportNanos >= interval.toNanos()) {
			return true;
		}
		return Long.compareUnsigned(positionsToReport(feedback).flushed().value(), this.lastReportedFlush) > 0
				&& System.nanoTime() - this.lastReportNanos >= interval.toNanos() / 10;
	}

	/**
	 * Whether the last status update reported less as flushed than the server has sent: a
	 * walsender that is shutting down waits for that gap to close.
	 */
	boolean isReportedBehindServer() {
		return Long.compareUnsigned(this.lastReportedFlush, this.serverWalEnd) < 0;
	}

	Lsn serverWalEnd() {
		return Lsn.of(this.serverWalEnd);
	}

	Lsn lastReportedFlush() {
		return Lsn.of(this.lastReportedFlush);
	}

	/**
	 * Whether an event was handed to the caller already, before a reconnection: the server sends
	 * again every transaction it has no acknowledgement for, and the caller must see each once.
	 */
	boolean alreadyDelivered(ChangeEvent event, @Nullable ChangeEvent last) {
		if (last == null) {
			return false;
		}
		int byLsn = event.lsn().compareTo(last.lsn());
		return byLsn < 0 || (byLsn == 0 && event.ordinal() <= last.ordinal() && event.xid() == last.xid());
	}

	private static long unsignedMax(long a, long b) {
		return (Long.compareUnsigned(a, b) >= 0) ? a : b;
	}

	/**
	 * Positions for a standby status update.
	 *
	 * @param written received
	 * @param flushed durably handled
	 * @param applied handled
	 */
	record Positions(Lsn written, Lsn flushed, Lsn applied) {

	}

}
