package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * One message of PostgreSQL's {@code pgoutput} logical replication protocol, versions 1 to 4.
 *
 * <p>Transaction ids are unsigned 32-bit numbers held in a {@code long}. Messages that a streamed
 * transaction sends between {@link StreamStart} and {@link StreamStop} carry the id of their
 * top-level transaction (protocol version 2 and later); the same messages sent outside a stream
 * block carry {@code 0}, PostgreSQL's invalid transaction id. Relation and type OIDs are unsigned
 * 32-bit numbers held in an {@code int}, as pgjdbc holds them.
 *
 * @since 0.1.0
 */
public sealed interface LogicalReplicationMessage {

	/**
	 * Returns the message's tag.
	 * @return the tag
	 */
	MessageTag tag();

	/**
	 * A message that a streamed transaction sends inside a stream block, where it carries the id of
	 * the (sub)transaction it belongs to (protocol version 2 and later): a change, a truncate, a
	 * transactional logical message, or a table or type definition.
	 */
	sealed interface StreamableMessage extends LogicalReplicationMessage {

		/**
		 * Returns the id of the (sub)transaction that sent the message inside a stream block.
		 * @return the transaction id, or 0 outside stream blocks
		 */
		long xid();

	}

	/**
	 * Start of a transaction.
	 *
	 * @param finalLsn the LSN of the transaction's commit record
	 * @param commitTime when the transaction committed
	 * @param xid the transaction id
	 */
	record Begin(Lsn finalLsn, Instant commitTime, long xid) implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.BEGIN;
		}

	}

	/**
	 * End of a transaction. Acknowledge {@link #endLsn()}, not {@link #commitLsn()}: acknowledging
	 * the commit record's own position makes the server send the transaction again.
	 *
	 * @param flags unused, 0
	 * @param commitLsn the LSN of the commit record
	 * @param endLsn the LSN just past the commit record
	 * @param commitTime when the transaction committed
	 */
	record Commit(int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime) implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.COMMIT;
		}

	}

	/**
	 * The replication origin a transaction came from, when it was itself replicated.
	 *
	 * @param originLsn the commit LSN on the origin server
	 * @param name the origin's name
	 */
	record Origin(Lsn originLsn, String name) implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.ORIGIN;
		}

	}

	/**
	 * The definition of a table, sent before its first change in a session and again whenever it
	 * changes.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param relationId the table's OID
	 * @param namespace the schema; PostgreSQL sends an empty string for {@code pg_catalog}
	 * @param name the table's name
	 * @param replicaIdentity which old values updates and deletes carry
	 * @param columns the published columns, in the order the tuples carry them
	 */
	record Relation(long xid, int relationId, String namespace, String name, ReplicaIdentity replicaIdentity,
			List<Column> columns) implements StreamableMessage {

		/**
		 * Copies the column list.
		 */
		public Relation {
			columns = List.copyOf(columns);
		}

		@Override
		public MessageTag tag() {
			return MessageTag.RELATION;
		}

		/**
		 * One column of a {@link Relation}.
		 *
		 * @param flags 1 when the column is part of the replica identity key, else 0
		 * @param name the column's name
		 * @param typeOid the OID of the column's type
		 * @param typeModifier the type modifier ({@code atttypmod}), -1 when there is none
		 */
		public record Column(int flags, String name, int typeOid, int typeModifier) {

			/**
			 * Whether the column is part of the replica identity key.
			 * @return {@code true} if flag bit 1 is set
			 */
			public boolean isKey() {
				return (this.flags & 1) != 0;
			}

		}

	}

	/**
	 * The name of a type that is not built in, sent before the first relation that uses it.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param typeOid the type's OID
	 * @param namespace the type's schema
	 * @param name the type's name
	 */
	record Type(long xid, int typeOid, String namespace, String name) implements StreamableMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.TYPE;
		}

	}

	/**
	 * A row inserted.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param relationId the table's OID
	 * @param newTuple the new row
	 */
	record Insert(long xid, int relationId, TupleData newTuple) implements StreamableMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.INSERT;
		}

	}

	/**
	 * A row updated. Which old values come with it depends on the table's replica identity: the key
	 * columns ({@code 'K'}) when the key changed, every column ({@code 'O'}) for
	 * {@code REPLICA IDENTITY FULL}, or none.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param relationId the table's OID
	 * @param keyTuple the old key columns ({@code 'K'}), others sent as NULL, or {@code null}
	 * @param oldTuple the whole old row ({@code 'O'}), or {@code null}
	 * @param newTuple the new row
	 */
	record Update(long xid, int relationId, @Nullable TupleData keyTuple, @Nullable TupleData oldTuple,
			TupleData newTuple) implements StreamableMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.UPDATE;
		}

	}

	/**
	 * A row deleted, identified by its key columns ({@code 'K'}) or, for
	 * {@code REPLICA IDENTITY FULL}, the whole old row ({@code 'O'}). Exactly one of the two is set.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param relationId the table's OID
	 * @param keyTuple the old key columns, others sent as NULL, or {@code null}
	 * @param oldTuple the whole old row, or {@code null}
	 */
	record Delete(long xid, int relationId, @Nullable TupleData keyTuple, @Nullable TupleData oldTuple)
			implements StreamableMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.DELETE;
		}

	}

	/**
	 * One or more tables truncated by one statement.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param options bit 1 for {@code CASCADE}, bit 2 for {@code RESTART IDENTITY}
	 * @param relationIds the tables' OIDs
	 */
	record Truncate(long xid, int options, List<Integer> relationIds) implements StreamableMessage {

		/** The option bit for {@code CASCADE}. */
		public static final int CASCADE = 1;

		/** The option bit for {@code RESTART IDENTITY}. */
		public static final int RESTART_IDENTITY = 2;

		/**
		 * Copies the id list.
		 */
		public Truncate {
			relationIds = List.copyOf(relationIds);
		}

		/**
		 * Whether the statement said {@code CASCADE}.
		 * @return the cascade option
		 */
		public boolean cascade() {
			return (this.options & CASCADE) != 0;
		}

		/**
		 * Whether the statement said {@code RESTART IDENTITY}.
		 * @return the restart-identity option
		 */
		public boolean restartIdentity() {
			return (this.options & RESTART_IDENTITY) != 0;
		}

		@Override
		public MessageTag tag() {
			return MessageTag.TRUNCATE;
		}

	}

	/**
	 * A logical decoding message written by {@code pg_logical_emit_message}; sent when the stream
	 * asks for {@code messages}.
	 *
	 * @param xid the streamed transaction's id, or 0
	 * @param flags bit 1 when the message is transactional
	 * @param lsn the message's LSN
	 * @param prefix the prefix given by the writer
	 * @param content a read-only view of the content bytes
	 */
	record Message(long xid, int flags, Lsn lsn, String prefix, ByteBuffer content)
			implements StreamableMessage {

		/**
		 * Returns the content, as a new read-only view each time, so that reading it does not
		 * disturb other readers.
		 * @return the content bytes
		 */
		@Override
		public ByteBuffer content() {
			return this.content.duplicate();
		}

		/**
		 * Whether the message was written as part of its transaction (and is delivered with it), as
		 * opposed to immediately.
		 * @return the transactional flag
		 */
		public boolean transactional() {
			return (this.flags & 1) != 0;
		}

		@Override
		public MessageTag tag() {
			return MessageTag.MESSAGE;
		}

	}

	/**
	 * Start of a block of changes of a large in-progress transaction (version 2, {@code streaming}).
	 *
	 * @param xid the transaction id
	 * @param firstSegment whether this is the transaction's first block
	 */
	record StreamStart(long xid, boolean firstSegment) implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.STREAM_START;
		}

	}

	/**
	 * End of a block of streamed changes (version 2).
	 */
	record StreamStop() implements LogicalReplicationMessage {

		/** The only value: the message has no fields. */
		public static final StreamStop INSTANCE = new StreamStop();

		@Override
		public MessageTag tag() {
			return MessageTag.STREAM_STOP;
		}

	}

	/**
	 * A streamed transaction committed (version 2).
	 *
	 * @param xid the transaction id
	 * @param flags unused, 0
	 * @param commitLsn the LSN of the commit record
	 * @param endLsn the LSN just past the commit record
	 * @param commitTime when the transaction committed
	 */
	record StreamCommit(long xid, int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime)
			implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.STREAM_COMMIT;
		}

	}

	/**
	 * A streamed transaction, or one of its subtransactions, aborted (version 2). With
	 * {@code streaming = parallel} (version 4) the message also carries the abort's LSN and time.
	 *
	 * @param xid the top-level transaction id
	 * @param subXid the aborted (sub)transaction's id; equal to {@code xid} when the whole
	 * transaction aborted
	 * @param abortLsn the abort record's LSN, or {@code null} before version 4 parallel streaming
	 * @param abortTime when it aborted, or {@code null} before version 4 parallel streaming
	 */
	record StreamAbort(long xid, long subXid, @Nullable Lsn abortLsn, @Nullable Instant abortTime)
			implements LogicalReplicationMessage {

		/**
		 * Checks that the version 4 fields come together.
		 */
		public StreamAbort {
			if ((abortLsn == null) != (abortTime == null)) {
				throw new IllegalArgumentException("abortLsn and abortTime are both present or both absent");
			}
		}

		@Override
		public MessageTag tag() {
			return MessageTag.STREAM_ABORT;
		}

	}

	/**
	 * Start of a transaction prepared for two-phase commit (version 3, {@code two_phase}).
	 *
	 * @param prepareLsn the LSN of the prepare record
	 * @param endLsn the LSN just past the prepared transaction
	 * @param prepareTime when it was prepared
	 * @param xid the transaction id
	 * @param gid the global transaction identifier given to {@code PREPARE TRANSACTION}
	 */
	record BeginPrepare(Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
			implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.BEGIN_PREPARE;
		}

	}

	/**
	 * A transaction prepared for two-phase commit (version 3).
	 *
	 * @param flags unused, 0
	 * @param prepareLsn the LSN of the prepare record
	 * @param endLsn the LSN just past the prepared transaction
	 * @param prepareTime when it was prepared
	 * @param xid the transaction id
	 * @param gid the global transaction identifier
	 */
	record Prepare(int flags, Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
			implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.PREPARE;
		}

	}

	/**
	 * A prepared transaction committed by {@code COMMIT PREPARED} (version 3).
	 *
	 * @param flags unused, 0
	 * @param commitLsn the LSN of the commit record
	 * @param endLsn the LSN just past the commit record
	 * @param commitTime when it committed
	 * @param xid the transaction id
	 * @param gid the global transaction identifier
	 */
	record CommitPrepared(int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime, long xid, String gid)
			implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.COMMIT_PREPARED;
		}

	}

	/**
	 * A prepared transaction rolled back by {@code ROLLBACK PREPARED} (version 3).
	 *
	 * @param flags unused, 0
	 * @param prepareEndLsn the LSN just past the prepared transaction
	 * @param rollbackEndLsn the LSN just past the rollback record
	 * @param prepareTime when it was prepared
	 * @param rollbackTime when it was rolled back
	 * @param xid the transaction id
	 * @param gid the global transaction identifier
	 */
	record RollbackPrepared(int flags, Lsn prepareEndLsn, Lsn rollbackEndLsn, Instant prepareTime,
			Instant rollbackTime, long xid, String gid) implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.ROLLBACK_PREPARED;
		}

	}

	/**
	 * A streamed transaction prepared for two-phase commit (version 3).
	 *
	 * @param flags unused, 0
	 * @param prepareLsn the LSN of the prepare record
	 * @param endLsn the LSN just past the prepared transaction
	 * @param prepareTime when it was prepared
	 * @param xid the transaction id
	 * @param gid the global transaction identifier
	 */
	record StreamPrepare(int flags, Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
			implements LogicalReplicationMessage {

		@Override
		public MessageTag tag() {
			return MessageTag.STREAM_PREPARE;
		}

	}

}
