package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;

import dev.walstream.Lsn;
import dev.walstream.protocol.LogicalReplicationMessage.Begin;
import dev.walstream.protocol.LogicalReplicationMessage.BeginPrepare;
import dev.walstream.protocol.LogicalReplicationMessage.Commit;
import dev.walstream.protocol.LogicalReplicationMessage.CommitPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.Delete;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.Message;
import dev.walstream.protocol.LogicalReplicationMessage.Origin;
import dev.walstream.protocol.LogicalReplicationMessage.Prepare;
import dev.walstream.protocol.LogicalReplicationMessage.Relation;
import dev.walstream.protocol.LogicalReplicationMessage.RollbackPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.StreamAbort;
import dev.walstream.protocol.LogicalReplicationMessage.StreamCommit;
import dev.walstream.protocol.LogicalReplicationMessage.StreamPrepare;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStart;
import dev.walstream.protocol.LogicalReplicationMessage.Truncate;
import dev.walstream.protocol.LogicalReplicationMessage.Type;
import dev.walstream.protocol.LogicalReplicationMessage.Update;
import dev.walstream.protocol.StreamingReplicationMessage.HotStandbyFeedback;
import dev.walstream.protocol.StreamingReplicationMessage.PrimaryKeepalive;
import dev.walstream.protocol.StreamingReplicationMessage.StandbyStatusUpdate;
import dev.walstream.protocol.StreamingReplicationMessage.XLogData;
import org.jspecify.annotations.Nullable;

/**
 * Encodes {@link LogicalReplicationMessage}s as the server's {@code pgoutput} plugin does, and
 * replication frames in both directions: the inverse of {@link LogicalReplicationParser}. The client
 * uses it for standby status updates; tests, fake servers and tools use it to build streams.
 *
 * <p>Like the parser, a writer follows one stream: changes written between a
 * {@link LogicalReplicationMessage.StreamStart} and a {@link LogicalReplicationMessage.StreamStop}
 * carry their transaction id. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class LogicalReplicationWriter {

	private final int protocolVersion;

	private boolean inStreamBlock;

	private LogicalReplicationWriter(int protocolVersion) {
		this.protocolVersion = protocolVersion;
	}

	/**
	 * Creates a writer for a protocol version.
	 * @param protocolVersion 1 to 4
	 * @return a new writer, outside any stream block
	 */
	public static LogicalReplicationWriter withProtocolVersion(int protocolVersion) {
		LogicalReplicationParser.withProtocolVersion(protocolVersion);
		return new LogicalReplicationWriter(protocolVersion);
	}

	/**
	 * Encodes a pgoutput message.
	 * @param message the message
	 * @return a read-only buffer holding the encoded message
	 * @throws IllegalArgumentException if the message needs a newer protocol version
	 */
	public ByteBuffer encode(LogicalReplicationMessage message) {
		BufferWriter out = new BufferWriter(128);
		write(message, out);
		return out.freeze();
	}

	/**
	 * Encodes a replication frame. An {@link XLogData} frame's message is encoded after its header.
	 * @param frame the frame
	 * @return a read-only buffer holding the encoded frame
	 */
	public ByteBuffer encodeFrame(StreamingReplicationMessage frame) {
		BufferWriter out = new BufferWriter(128);
		if (frame instanceof XLogData data) {
			out.writeU8(XLogData.TAG);
			writeLsn(out, data.walStart());
			writeLsn(out, data.walEnd());
			writeTimestamp(out, data.sendTime());
			if (data.message() != null) {
				write(data.message(), out);
			}
		}
		else if (frame instanceof PrimaryKeepalive keepalive) {
			out.writeU8(PrimaryKeepalive.TAG);
			writeLsn(out, keepalive.walEnd());
			writeTimestamp(out, keepalive.sendTime());
			out.writeU8(keepalive.replyRequested() ? 1 : 0);
		}
		else if (frame instanceof StandbyStatusUpdate update) {
			out.writeU8(StandbyStatusUpdate.TAG);
			writeLsn(out, update.written());
			writeLsn(out, update.flushed());
			writeLsn(out, update.applied());
			writeTimestamp(out, update.clientTime());
			out.writeU8(update.replyRequested() ? 1 : 0);
		}
		else if (frame instanceof HotStandbyFeedback feedback) {
			out.writeU8(HotStandbyFeedback.TAG);
			writeTimestamp(out, feedback.clientTime());
			out.writeU32(feedback.xmin());
			out.writeU32(feedback.xminEpoch());
			out.writeU32(feedback.catalogXmin());
			out.writeU32(feedback.catalogXminEpoch());
		}
		return out.freeze();
	}

	/**
	 * Appends an encoded pgoutput message to a writer.
	 * @param message the message
	 * @param out the writer
	 */
	public void write(LogicalReplicationMessage message, BufferWriter out) {
		MessageTag tag = message.tag();
		if (tag.sinceVersion() > this.protocolVersion) {
			throw new IllegalArgumentException(tag.displayName() + " needs protocol version " + tag.sinceVersion()
					+ ", this writer speaks version " + this.protocolVersion);
		}
		out.writeU8(tag.code());
		if (message instanceof Begin begin) {
			writeLsn(out, begin.finalLsn());
			writeTimestamp(out, begin.commitTime());
			out.writeU32(begin.xid());
		}
		else if (message instanceof Commit commit) {
			writeCommitFields(out, commit.flags(), commit.commitLsn(), commit.endLsn(), commit.commitTime());
		}
		else if (message instanceof Origin origin) {
			writeLsn(out, origin.originLsn());
			out.writeCString(origin.name());
		}
		else if (message instanceof Relation relation) {
			writeRelation(out, relation);
		}
		else if (message instanceof Type type) {
			writeStreamedXid(out, type.xid());
			out.writeI32(type.typeOid());
			out.writeCString(type.namespace());
			out.writeCString(type.name());
		}
		else if (message instanceof Insert insert) {
			writeStreamedXid(out, insert.xid());
			out.writeI32(insert.relationId());
			writeTuple(out, 'N', insert.newTuple());
		}
		else if (message instanceof Update update) {
			writeStreamedXid(out, update.xid());
			out.writeI32(update.relationId());
			writeTuple(out, 'K', update.keyTuple());
			writeTuple(out, 'O', update.oldTuple());
			writeTuple(out, 'N', update.newTuple());
		}
		else if (message instanceof Delete delete) {
			writeStreamedXid(out, delete.xid());
			out.writeI32(delete.relationId());
			writeTuple(out, 'K', delete.keyTuple());
			writeTuple(out, 'O', delete.oldTuple());
		}
		else if (message instanceof Truncate truncate) {
			writeStreamedXid(out, truncate.xid());
			out.writeI32(truncate.relationIds().size());
			out.writeU8(truncate.options());
			truncate.relationIds().forEach(out::writeI32);
		}
		else if (message instanceof Message logical) {
			writeStreamedXid(out, logical.xid());
			out.writeU8(logical.flags());
			writeLsn(out, logical.lsn());
			out.writeCString(logical.prefix());
			out.writeI32(logical.content().remaining());
			out.writeBytes(logical.content());
		}
		else if (message instanceof StreamStart start) {
			out.writeU32(start.xid());
			out.writeU8(start.firstSegment() ? 1 : 0);
			this.inStreamBlock = true;
		}
		else if (message instanceof LogicalReplicationMessage.StreamStop) {
			this.inStreamBlock = false;
		}
		else if (message instanceof StreamCommit commit) {
			out.writeU32(commit.xid());
			writeCommitFields(out, commit.flags(), commit.commitLsn(), commit.endLsn(), commit.commitTime());
		}
		else if (message instanceof StreamAbort abort) {
			writeStreamAbort(out, abort);
		}
		else if (message instanceof BeginPrepare begin) {
			writeLsn(out, begin.prepareLsn());
			writeLsn(out, begin.endLsn());
			writeTimestamp(out, begin.prepareTime());
			writeXidAndGid(out, begin.xid(), begin.gid());
		}
		else if (message instanceof Prepare prepare) {
			writeCommitFields(out, prepare.flags(), prepare.prepareLsn(), prepare.endLsn(), prepare.prepareTime());
			writeXidAndGid(out, prepare.xid(), prepare.gid());
		}
		else if (message instanceof CommitPrepared commit) {
			writeCommitFields(out, commit.flags(), commit.commitLsn(), commit.endLsn(), commit.commitTime());
			writeXidAndGid(out, commit.xid(), commit.gid());
		}
		else if (message instanceof RollbackPrepared rollback) {
			writeCommitFields(out, rollback.flags(), rollback.prepareEndLsn(), rollback.rollbackEndLsn(),
					rollback.prepareTime());
			writeTimestamp(out, rollback.rollbackTime());
			writeXidAndGid(out, rollback.xid(), rollback.gid());
		}
		else if (message instanceof StreamPrepare prepare) {
			writeCommitFields(out, prepare.flags(), prepare.prepareLsn(), prepare.endLsn(), prepare.prepareTime());
			writeXidAndGid(out, prepare.xid(), prepare.gid());
		}
	}

	private void writeStreamAbort(BufferWriter out, StreamAbort abort) {
		out.writeU32(abort.xid());
		out.writeU32(abort.subXid());
		if (abort.abortLsn() != null && abort.abortTime() != null) {
			if (this.protocolVersion < 4) {
				throw new IllegalArgumentException("The abort LSN and time of a stream abort need protocol version 4");
			}
			writeLsn(out, abort.abortLsn());
			writeTimestamp(out, abort.abortTime());
		}
	}

	private void writeRelation(BufferWriter out, Relation relation) {
		writeStreamedXid(out, relation.xid());
		out.writeI32(relation.relationId());
		out.writeCString(relation.namespace());
		out.writeCString(relation.name());
		out.writeU8(relation.replicaIdentity().code());
		out.writeI16(relation.columns().size());
		for (Relation.Column column : relation.columns()) {
			out.writeU8(column.flags());
			out.writeCString(column.name());
			out.writeI32(column.typeOid());
			out.writeI32(column.typeModifier());
		}
	}

	private void writeStreamedXid(BufferWriter out, long xid) {
		if (this.inStreamBlock) {
			out.writeU32(xid);
		}
	}

	private static void writeTuple(BufferWriter out, char marker, @Nullable TupleData tuple) {
		if (tuple != null) {
			out.writeU8(marker);
			tuple.writeTo(out);
		}
	}

	private static void writeCommitFields(BufferWriter out, int flags, Lsn first, Lsn second, Instant time) {
		out.writeU8(flags);
		writeLsn(out, first);
		writeLsn(out, second);
		writeTimestamp(out, time);
	}

	private static void writeXidAndGid(BufferWriter out, long xid, String gid) {
		out.writeU32(xid);
		out.writeCString(gid);
	}

	private static void writeLsn(BufferWriter out, Lsn lsn) {
		out.writeI64(lsn.value());
	}

	private static void writeTimestamp(BufferWriter out, Instant time) {
		out.writeI64(PgTimestamps.toMicros(time));
	}

}
