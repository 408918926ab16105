package dev.walstream.event;

import java.time.Instant;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * One event of the replication stream: a transaction's begin or commit, a row change, a truncate, a
 * logical message, or a table definition.
 *
 * <p>Events arrive in commit order, each transaction whole: {@link EventType.Begin}, its changes,
 * {@link EventType.Commit}. {@link #lsn()} is the commit LSN of the event's transaction, the same
 * for all its events and increasing from one transaction to the next; with {@link #ordinal()} it
 * identifies an event uniquely. After a server crash PostgreSQL may send transactions again that
 * were already acknowledged: a consumer that must not see a transaction twice remembers the last
 * commit LSN it handled and skips transactions at or below it.
 *
 * @param eventType what happened, with its data
 * @param lsn the commit LSN of the event's transaction; for a non-transactional message, the
 * message's own LSN
 * @param xid the transaction id, or 0 for a non-transactional message
 * @param commitTime when the transaction committed (for a non-transactional message, when it was
 * received), or {@code null} if unknown
 * @param ordinal the event's position within its transaction, from 0 for the Begin
 * @since 0.1.0
 */
public record ChangeEvent(EventType eventType, Lsn lsn, long xid, @Nullable Instant commitTime, long ordinal) {

	/**
	 * Returns the kind of event.
	 * @return the operation
	 */
	public Operation operation() {
		return this.eventType.operation();
	}

	/**
	 * Returns the position to acknowledge once this event, and everything before it, is handled:
	 * the end of a commit (or of a prepare, commit prepared or rollback prepared), or a
	 * non-transactional message's own position.
	 * @return the position, or {@code null} for an event inside a transaction
	 */
	public @Nullable Lsn acknowledgementLsn() {
		if (this.eventType instanceof EventType.Commit commit) {
			return commit.endLsn();
		}
		if (this.eventType instanceof EventType.Prepare prepare) {
			return prepare.endLsn();
		}
		if (this.eventType instanceof EventType.CommitPrepared commitPrepared) {
			return commitPrepared.endLsn();
		}
		if (this.eventType instanceof EventType.RollbackPrepared rollbackPrepared) {
			return rollbackPrepared.endLsn();
		}
		return (this.xid == 0) ? this.lsn : null;
	}

	/**
	 * Whether this event ends a transaction, so that acknowledging it is safe once handled.
	 * @return {@code true} for a commit
	 */
	public boolean isCommit() {
		return this.eventType instanceof EventType.Commit;
	}

}
