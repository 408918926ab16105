package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
import dev.walstream.protocol.LogicalReplicationMessage.StreamStop;
import dev.walstream.protocol.LogicalReplicationMessage.Truncate;
import dev.walstream.protocol.LogicalReplicationMessage.Type;
import dev.walstream.protocol.LogicalReplicationMessage.Update;
import dev.walstream.protocol.StreamingReplicationMessage.HotStandbyFeedback;
import dev.walstream.protocol.StreamingReplicationMessage.PrimaryKeepalive;
import dev.walstream.protocol.StreamingReplicationMessage.StandbyStatusUpdate;
import dev.walstream.protocol.StreamingReplicationMessage.XLogData;

/**
 * Parses {@code pgoutput} messages of a given protocol version into
 * {@link LogicalReplicationMessage}s, and replication frames into
 * {@link StreamingReplicationMessage}s.
 *
 * <p>A parser follows one stream: it remembers whether it is inside a block of streamed changes
 * ({@link LogicalReplicationMessage.StreamStart} to {@link LogicalReplicationMessage.StreamStop}),
 * because the changes in such a block carry their transaction id. So use one parser per stream,
 * from one thread, and feed it every message in order.
 *
 * <p>Row data is not copied: the tuples of Insert, Update and Delete messages are views on the
 * parsed buffer, which must not be modified while they are in use. The buffer's position is not
 * moved. Anything that is not a well-formed message of the parser's version raises a
 * {@link dev.walstream.error.ProtocolException} naming the message type and the byte offset;
 * parsing never reads outside the buffer, and allocates at most a few times the message's size.
 *
 * @since 0.1.0
 */
public final class LogicalReplicationParser {

	/** The oldest protocol version, PostgreSQL 10 and later. */
	public static final int MIN_PROTOCOL_VERSION = 1;

	/** The newest protocol version, PostgreSQL 16 and later. */
	public static final int MAX_PROTOCOL_VERSION = 4;

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final int protocolVersion;

	private final BufferReader reader = new BufferReader(EMPTY);

	private boolean inStreamBlock;

	private LogicalReplicationParser(int protocolVersion) {
		this.protocolVersion = protocolVersion;
	}

	/**
	 * Creates a parser for a protocol version, as negotiated with {@code proto_version}.
	 * @param protocolVersion 1 to 4
	 * @return a new parser, outside any stream block
	 */
	public static LogicalReplicationParser withProtocolVersion(int protocolVersion) {
		if (protocolVersion < MIN_PROTOCOL_VERSION || protocolVersion > MAX_PROTOCOL_VERSION) {
			throw new IllegalArgumentException("Unsupported pgoutput protocol version " + protocolVersion
					+ ": expected " + MIN_PROTOCOL_VERSION + " to " + MAX_PROTOCOL_VERSION);
		}
		return new LogicalReplicationParser(protocolVersion);
	}

	/**
	 * Returns the protocol version this parser reads.
	 * @return 1 to 4
	 */
	public int protocolVersion() {
		return this.protocolVersion;
	}

	/**
	 * Whether the last message parsed left the stream inside a block of streamed changes.
	 * @return {@code true} between a stream start and a stream stop
	 */
	public boolean isInStreamBlock() {
		return this.inStreamBlock;
	}

	/**
	 * Parses one pgoutput message: the payload of an XLogData frame, as pgjdbc's
	 * {@code PGReplicationStream.read()} returns it or as
	 * {@code pg_logical_slot_peek_binary_changes} shows it.
	 * @param message the message's bytes, from position to limit
	 * @return the message
	 * @throws dev.walstream.error.ProtocolException if the bytes are not a valid message
	 */
	public LogicalReplicationMessage parse(ByteBuffer message) {
		BufferReader in = this.reader;
		in.reset(message);
		in.setMessageType("pgoutput");
		LogicalReplicationMessage parsed = readMessage(in);
		in.requireFullyRead();
		return parsed;
	}

	/**
	 * Parses a change as the server sent it inside a stream block (so carrying its transaction id),
	 * without changing whether this parser is in a stream block: for changes that were buffered
	 * until their transaction committed.
	 * @param message the message's bytes, from position to limit
	 * @return the message
	 * @throws dev.walstream.error.ProtocolException if the bytes are not a valid message
	 */
	public LogicalReplicationMessage parseStreamedChange(ByteBuffer message) {
		boolean wasInStreamBlock = this.inStreamBlock;
		this.inStreamBlock = true;
		try {
			return parse(message);
		}
		finally {
			this.inStreamBlock = wasInStreamBlock;
		}
	}

	/**
	 * Parses one CopyData payload of the replication stream: XLogData (with its pgoutput message),
	 * a primary keepalive, or, as a fake server would receive them, a standby status update or
	 * hot-standby feedback. Error offsets count from the frame's tag.
	 * @param copyData the frame's bytes, from position to limit
	 * @return the frame
	 * @throws dev.walstream.error.ProtocolException if the bytes are not a valid frame
	 */
	public StreamingReplicationMessage parseWalMessage(ByteBuffer copyData) {
		BufferReader in = this.reader;
		in.reset(copyData);
		in.setMessageType("replication frame");
		int tag = in.readU8();
		StreamingReplicationMessage frame = switch (tag) {
			case XLogData.TAG -> {
				in.setMessageType("XLogData ('w')");
				Lsn walStart = readLsn(in);
				Lsn walEnd = readLsn(in);
				Instant sendTime = readTimestamp(in);
				yield new XLogData(walStart, walEnd, sendTime, readMessage(in));
			}
			case PrimaryKeepalive.TAG -> {
				in.setMessageType("PrimaryKeepalive ('k')");
				yield new PrimaryKeepalive(readLsn(in), readTimestamp(in), readBoolean(in));
			}
			case StandbyStatusUpdate.TAG -> {
				in.setMessageType("StandbyStatusUpdate ('r')");
				yield new StandbyStatusUpdate(readLsn(in), readLsn(in), readLsn(in), readTimestamp(in), readBoolean(in));
			}
			case HotStandbyFeedback.TAG -> {
				in.setMessageType("HotStandbyFeedback ('h')");
				yield new HotStandbyFeedback(readTimestamp(in), in.readU32(), in.readU32(), in.readU32(), in.readU32());
			}
			default -> throw in.errorAtPreviousByte("unknown replication frame tag " + TupleData.describeByte(tag));
		};
		in.requireFullyRead();
		return frame;
	}

	private LogicalReplicationMessage readMessage(BufferReader in) {
		int code = in.readU8();
		MessageTag tag = MessageTag.forCode(code);
		if (tag == null) {
			throw in.errorAtPreviousByte("unknown message tag " + TupleData.describeByte(code));
		}
		in.setMessageType(tag.displayName());
		if (tag.sinceVersion() > this.protocolVersion) {
			throw in.errorAtPreviousByte("message needs protocol version " + tag.sinceVersion() + " but version " + this.protocolVersion
						+ " was negotiated");
		}
		return switch (tag) {
			case BEGIN -> new Begin(readLsn(in), readTimestamp(in), in.readU32());
			case COMMIT -> new Commit(in.readU8(), readLsn(in), readLsn(in), readTimestamp(in));
			case ORIGIN -> new Origin(readLsn(in), in.readCString());
			case RELATION -> readRelation(in);
			case TYPE -> new Type(readStreamedXid(in), in.readI32(), in.readCString(), in.readCString());
			case INSERT -> readInsert(in);
			case UPDATE -> readUpdate(in);
			case DELETE -> readDelete(in);
			case TRUNCATE -> readTruncate(in);
			case MESSAGE -> readLogicalMessage(in);
			case STREAM_START -> readStreamStart(in);
			case STREAM_STOP -> {
				this.inStreamBlock = false;
				yield StreamStop.INSTANCE;
			}
			case STREAM_COMMIT -> new StreamCommit(in.readU32(), in.readU8(), readLsn(in), readLsn(in), readTimestamp(in));
			case STREAM_ABORT -> readStreamAbort(in);
			case BEGIN_PREPARE -> new BeginPrepare(readLsn(in), readLsn(in), readTimestamp(in), in.readU32(),
					in.readCString());
			case PREPARE -> new Prepare(in.readU8(), readLsn(in), readLsn(in), readTimestamp(in), in.readU32(),
					in.readCString());
			case COMMIT_PREPARED -> new CommitPrepared(in.readU8(), readLsn(in), readLsn(in), readTimestamp(in),
					in.readU32(), in.readCString());
			case ROLLBACK_PREPARED -> new RollbackPrepared(in.readU8(), readLsn(in), readLsn(in), readTimestamp(in),
					readTimestamp(in), in.readU32(), in.readCString());
			case STREAM_PREPARE -> new StreamPrepare(in.readU8(), readLsn(in), readLsn(in), readTimestamp(in),
					in.readU32(), in.readCString());
		};
	}

	private long readStreamedXid(BufferReader in) {
		return this.inStreamBlock ? in.readU32() : 0;
	}

	private Relation readRelation(BufferReader in) {
		long xid = readStreamedXid(in);
		int relationId = in.readI32();
		String namespace = in.readCString();
		String name = in.readCString();
		int identityCode = in.readU8();
		ReplicaIdentity identity = ReplicaIdentity.forCode(identityCode);
		if (identity == null) {
			throw in.errorAtPreviousByte("unknown replica identity " + TupleData.describeByte(identityCode));
		}
		int count = in.readI16();
		// each column takes at least 10 bytes: flags, an empty name, type OID and modifier
		if (count < 0 || count > in.remaining() / 10) {
			throw in.error("column count " + count + " does not fit the " + in.remaining() + " bytes that remain");
		}
		List<Relation.Column> columns = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			columns.add(new Relation.Column(in.readU8(), in.readCString(), in.readI32(), in.readI32()));
		}
		return new Relation(xid, relationId, namespace, name, identity, columns);
	}

	private Insert readInsert(BufferReader in) {
		long xid = readStreamedXid(in);
		int relationId = in.readI32();
		expectTupleMarker(in, 'N');
		return new Insert(xid, relationId, TupleData.read(in));
	}

	private Update readUpdate(BufferReader in) {
		long xid = readStreamedXid(in);
		int relationId = in.readI32();
		TupleData keyTuple = null;
		TupleData oldTuple = null;
		int marker = in.readU8();
		if (marker == 'K') {
			keyTuple = TupleData.read(in);
			marker = in.readU8();
		}
		else if (marker == 'O') {
			oldTuple = TupleData.read(in);
			marker = in.readU8();
		}
		if (marker != 'N') {
			throw in.errorAtPreviousByte("expected new tuple marker 'N' but found " + TupleData.describeByte(marker));
		}
		return new Update(xid, relationId, keyTuple, oldTuple, TupleData.read(in));
	}

	private Delete readDelete(BufferReader in) {
		long xid = readStreamedXid(in);
		int relationId = in.readI32();
		int marker = in.readU8();
		return switch (marker) {
			case 'K' -> new Delete(xid, relationId, TupleData.read(in), null);
			case 'O' -> new Delete(xid, relationId, null, TupleData.read(in));
			default -> throw in.errorAtPreviousByte("expected key tuple marker 'K' or old tuple marker 'O' but found "
					+ TupleData.describeByte(marker));
		};
	}

	private Truncate readTruncate(BufferReader in) {
		long xid = readStreamedXid(in);
		int count = in.readI32();
		int options = in.readU8();
		if (count < 0 || count > in.remaining() / 4) {
			throw in.error("relation count " + count + " does not fit the " + in.remaining() + " bytes that remain");
		}
		List<Integer> relationIds = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			relationIds.add(in.readI32());
		}
		return new Truncate(xid, options, relationIds);
	}

	private Message readLogicalMessage(BufferReader in) {
		long xid = readStreamedXid(in);
		int flags = in.readU8();
		Lsn lsn = readLsn(in);
		String prefix = in.readCString();
		int length = in.readI32();
		return new Message(xid, flags, lsn, prefix, in.readBytes(length).asReadOnlyBuffer());
	}

	private StreamStart readStreamStart(BufferReader in) {
		StreamStart start = new StreamStart(in.readU32(), readBoolean(in));
		this.inStreamBlock = true;
		return start;
	}

	private StreamAbort readStreamAbort(BufferReader in) {
		long xid = in.readU32();
		long subXid = in.readU32();
		// version 4 adds the abort's LSN and time, but only when streaming = parallel
		if (this.protocolVersion >= 4 && in.hasRemaining()) {
			return new StreamAbort(xid, subXid, readLsn(in), readTimestamp(in));
		}
		return new StreamAbort(xid, subXid, null, null);
	}

	private static void expectTupleMarker(BufferReader in, char expected) {
		int marker = in.readU8();
		if (marker != expected) {
			throw in.errorAtPreviousByte("expected tuple marker '" + expected + "' but found " + TupleData.describeByte(marker));
		}
	}

	private static Lsn readLsn(BufferReader in) {
		return Lsn.of(in.readI64());
	}

	private static Instant readTimestamp(BufferReader in) {
		return PgTimestamps.toInstant(in.readI64());
	}

	private static boolean readBoolean(BufferReader in) {
		int value = in.readU8();
		if (value > 1) {
			throw in.errorAtPreviousByte("expected a boolean byte (0 or 1) but found " + value);
		}
		return value == 1;
	}

}
