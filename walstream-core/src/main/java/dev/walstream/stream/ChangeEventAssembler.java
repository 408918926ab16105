package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import dev.walstream.Lsn;
import dev.walstream.error.ProtocolException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.ChangeEventFactory;
import dev.walstream.event.EventType;
import dev.walstream.protocol.LogicalReplicationMessage;
import dev.walstream.protocol.LogicalReplicationMessage.Begin;
import dev.walstream.protocol.LogicalReplicationMessage.BeginPrepare;
import dev.walstream.protocol.LogicalReplicationMessage.Commit;
import dev.walstream.protocol.LogicalReplicationMessage.CommitPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.Message;
import dev.walstream.protocol.LogicalReplicationMessage.Origin;
import dev.walstream.protocol.LogicalReplicationMessage.Prepare;
import dev.walstream.protocol.LogicalReplicationMessage.RollbackPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.StreamAbort;
import dev.walstream.protocol.LogicalReplicationMessage.StreamCommit;
import dev.walstream.protocol.LogicalReplicationMessage.StreamPrepare;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStart;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStop;
import dev.walstream.protocol.LogicalReplicationMessage.StreamableMessage;
import dev.walstream.protocol.LogicalReplicationParser;
import org.jspecify.annotations.Nullable;

/**
 * Turns the pgoutput messages of one connection into {@link ChangeEvent}s, whole transactions in
 * commit order: plain transactions pass straight through; streamed transactions (protocol 2+) and
 * prepared ones (protocol 3+) are held in the {@link TransactionAssembler} until they commit, and
 * dropped when they abort or are rolled back.
 *
 * <p>One per connection: a reconnection starts a new one, since the server then sends again
 * everything that was not acknowledged. Not thread-safe.
 */
final class ChangeEventAssembler implements AutoCloseable {

	private final ChangeEventFactory factory;

	private final TransactionAssembler held;

	private final LogicalReplicationParser replayParser;

	private final boolean deliverPrepared;

	/** The plain (or prepared, when delivered at PREPARE) transaction being delivered. */
	private @Nullable OpenTransaction open;

	/** The top-level transaction of the current stream block, or -1 outside blocks. */
	private long streamXid = -1;

	/** Prepared transactions held until COMMIT PREPARED: xid to the LSN that must not be acknowledged. */
	private final Map<Long, Long> preparedByXid = new HashMap<>();

	/** Whether each held transaction's messages were sent in stream-block format. */
	private final Map<Long, Boolean> streamFormat = new HashMap<>();

	/** The non-streamed prepared transaction being received, to hold until it commits. */
	private @Nullable BeginPrepare receivingPrepare;

	ChangeEventAssembler(ChangeEventFactory factory, TransactionAssembler held, int protocolVersion,
			boolean deliverPrepared) {
		this.factory = factory;
		this.held = held;
		this.replayParser = LogicalReplicationParser.withProtocolVersion(protocolVersion);
		this.deliverPrepared = deliverPrepared;
	}

	/**
	 * Handles one message.
	 * @param message the parsed message
	 * @param raw its bytes, kept when the transaction must be held
	 * @param out receives the events, in order
	 */
	void accept(LogicalReplicationMessage message, ByteBuffer raw, Consumer<ChangeEvent> out) {
		if (this.streamXid != -1 && isData(message)) {
			long subXid = ((StreamableMessage) message).xid();
			this.held.append(this.streamXid, (subXid != 0) ? subXid : this.streamXid, raw);
			return;
		}
		if (this.receivingPrepare != null && !this.deliverPrepared && isData(message)) {
			this.held.append(this.receivingPrepare.xid(), this.receivingPrepare.xid(), raw);
			return;
		}
		if (message instanceof Begin begin) {
			this.open = new OpenTransaction(begin.finalLsn(), begin.xid(), begin.commitTime());
		}
		else if (message instanceof Origin origin) {
			if (this.open != null && this.open.ordinal == 0) {
				this.open.origin = origin.name();
			}
		}
		else if (message instanceof Commit commit) {
			OpenTransaction transaction = requireOpen(commit);
			transaction.emitBegin(out);
			transaction.emit(new EventType.Commit(commit.endLsn()), out);
			this.open = null;
		}
		else if (message instanceof StreamStart start) {
			if (start.firstSegment() && this.held.contains(start.xid())) {
				// a first segment starts the transaction afresh: nothing before it belongs to it
				this.held.discard(start.xid());
			}
			this.streamXid = start.xid();
			this.streamFormat.put(start.xid(), Boolean.TRUE);
		}
		else if (message instanceof StreamStop) {
			this.streamXid = -1;
		}
		else if (message instanceof StreamCommit commit) {
			startReplay(commit.xid(), commit.commitLsn(), commit.commitTime(), new EventType.Commit(commit.endLsn()));
		}
		else if (message instanceof StreamAbort abort) {
			if (abort.subXid() == abort.xid()) {
				this.held.discard(abort.xid());
				this.streamFormat.remove(abort.xid());
			}
			else {
				this.held.abortSubtransaction(abort.xid(), abort.subXid());
			}
		}
		else if (message instanceof BeginPrepare begin) {
			if (this.deliverPrepared) {
				this.open = new OpenTransaction(begin.prepareLsn(), begin.xid(), begin.prepareTime());
			}
			else {
				this.receivingPrepare = begin;
				this.streamFormat.put(begin.xid(), Boolean.FALSE);
			}
		}
		else if (message instanceof Prepare prepare) {
			onPrepare(prepare.xid(), prepare.gid(), prepare.prepareLsn(), prepare.endLsn(), out);
		}
		else if (message instanceof StreamPrepare prepare) {
			if (this.deliverPrepared) {
				startReplay(prepare.xid(), prepare.prepareLsn(), prepare.prepareTime(),
						new EventType.Prepare(prepare.gid(), prepare.endLsn()));
			}
			else {
				hold(prepare.xid(), prepare.prepareLsn());
			}
		}
		else if (message instanceof CommitPrepared commit) {
			onCommitPrepared(commit, out);
		}
		else if (message instanceof RollbackPrepared rollback) {
			release(rollback.xid());
			if (this.held.contains(rollback.xid())) {
				this.held.discard(rollback.xid());
			}
			this.streamFormat.remove(rollback.xid());
			if (this.deliverPrepared) {
				emitStandalone(new EventType.RollbackPrepared(rollback.gid(), rollback.rollbackEndLsn()),
						rollback.rollbackEndLsn(), rollback.xid(), rollback.rollbackTime(), out);
			}
		}
		else if (message instanceof Message logical && !logical.transactional() && this.open == null) {
			if (ServerCatalog.HEARTBEAT_PREFIX.equals(logical.prefix())) {
				// written by walstream itself so that the server has something to send: not news
				return;
			}
			EventType type = this.factory.toEventType(logical);
			// a non-transactional message has no commit time: the time it arrived stands in
			out.accept(new ChangeEvent(type, logical.lsn(), 0, Instant.now(), 0));
		}
		else if (isData(message)) {
			EventType type = this.factory.toEventType(message);
			if (type != null) {
				if (this.open == null) {
					// a Relation or Type outside a transaction describes what follows; no event
					return;
				}
				this.open.emitBegin(out);
				this.open.emit(type, out);
			}
		}
	}

	private void onPrepare(long xid, String gid, Lsn prepareLsn, Lsn endLsn, Consumer<ChangeEvent> out) {
		if (this.deliverPrepared) {
			OpenTransaction transaction = (this.open != null) ? this.open
					: new OpenTransaction(prepareLsn, xid, Instant.EPOCH);
			transaction.emitBegin(out);
			transaction.emit(new EventType.Prepare(gid, endLsn), out);
			this.open = null;
		}
		else {
			this.receivingPrepare = null;
			hold(xid, prepareLsn);
		}
	}

	private void onCommitPrepared(CommitPrepared commit, Consumer<ChangeEvent> out) {
		if (this.deliverPrepared) {
			emitStandalone(new EventType.CommitPrepared(commit.gid(), commit.endLsn()), commit.commitLsn(), commit.xid(),
					commit.commitTime(), out);
			return;
		}
		release(commit.xid());
		startReplay(commit.xid(), commit.commitLsn(), commit.commitTime(), new EventType.Commit(commit.endLsn()));
	}

	private void hold(long xid, Lsn prepareLsn) {
		this.preparedByXid.put(xid, prepareLsn.value());
	}

	private void release(long xid) {
		this.preparedByXid.remove(xid);
	}

	/**
	 * Returns the highest position that may be acknowledged while prepared transactions are held:
	 * acknowledging past a prepare would make the server skip its changes when it restarts.
	 * @return the lowest held prepare LSN, or {@code null} when none is held
	 */
	@Nullable Lsn acknowledgementCeiling() {
		long lowest = -1;
		boolean any = false;
		for (long lsn : this.preparedByXid.values()) {
			if (!any || Long.compareUnsigned(lsn, lowest) < 0) {
				lowest = lsn;
				any = true;
			}
		}
		return any ? Lsn.of(lowest) : null;
	}

	/**
	 * Whether a transaction is partly delivered, so that its commit is still to come.
	 * @return {@code true} between a delivered Begin and its Commit, and while a held (streamed or
	 * prepared) transaction is being handed over after its commit arrived
	 */
	boolean isInTransaction() {
		return this.open != null || this.streamXid != -1 || this.receivingPrepare != null || this.replay != null;
	}

	/**
	 * Returns the buffer statistics.
	 * @return the statistics
	 */
	TransactionAssembler.Stats bufferStats() {
		return this.held.stats();
	}

	private void startReplay(long xid, Lsn commitLsn, Instant commitTime, EventType last) {
		boolean streamed = Boolean.TRUE.equals(this.streamFormat.remove(xid));
		this.replay = new Replay(this.held.release(xid), streamed, new OpenTransaction(commitLsn, xid, commitTime), last);
	}

	/**
	 * Returns the next event of a transaction released from the buffer, read back lazily so that a
	 * transaction of any size passes through bounded memory. Drain it before accepting the next
	 * message.
	 * @return the event, or {@code null} when no released transaction has events left
	 */
	@Nullable ChangeEvent nextReleased() {
		Replay current = this.replay;
		if (current == null) {
			return null;
		}
		ChangeEvent event = current.next();
		if (event == null) {
			this.replay = null;
		}
		return event;
	}

	private @Nullable Replay replay;

	/**
	 * The events of a released transaction: Begin, its changes parsed back from the buffer, and the
	 * closing event.
	 */
	private final class Replay {

		private final BufferedTransaction buffered;

		private final Iterator<ByteBuffer> messages;

		private final boolean streamed;

		private final OpenTransaction transaction;

		private @Nullable EventType last;

		private final ArrayDeque<ChangeEvent> ready = new ArrayDeque<>(2);

		Replay(BufferedTransaction buffered, boolean streamed, OpenTransaction transaction,
				EventType last) {
			this.buffered = buffered;
			this.messages = buffered.iterator();
			this.streamed = streamed;
			this.transaction = transaction;
			this.last = last;
		}

		@Nullable ChangeEvent next() {
			while (this.ready.isEmpty() && this.messages.hasNext()) {
				ByteBuffer raw = this.messages.next();
				LogicalReplicationParser parser = ChangeEventAssembler.this.replayParser;
				LogicalReplicationMessage change = this.streamed ? parser.parseStreamedChange(raw) : parser.parse(raw);
				EventType type = ChangeEventAssembler.this.factory.toEventType(change);
				if (type != null) {
					this.transaction.emitBegin(this.ready::add);
					this.transaction.emit(type, this.ready::add);
				}
			}
			if (this.ready.isEmpty() && this.last != null) {
				this.buffered.close();
				this.transaction.emitBegin(this.ready::add);
				this.transaction.emit(this.last, this.ready::add);
				this.last = null;
			}
			return this.ready.poll();
		}

		void discard() {
			this.buffered.close();
		}

	}

	private void emitStandalone(EventType type, Lsn lsn, long xid, Instant time, Consumer<ChangeEvent> out) {
		out.accept(new ChangeEvent(type, lsn, xid, time, 0));
	}

	private OpenTransaction requireOpen(LogicalReplicationMessage message) {
		if (this.open == null) {
			throw new ProtocolException(message.tag().displayName(), 0,
					"transaction end without a transaction start");
		}
		return this.open;
	}

	/**
	 * Whether a message belongs to the transaction it arrives in: everything a stream block can
	 * carry, except a logical message written outside any transaction.
	 */
	private static boolean isData(LogicalReplicationMessage message) {
		return message instanceof StreamableMessage && (!(message instanceof Message logical) || logical.transactional());
	}

	@Override
	public void close() {
		if (this.replay != null) {
			this.replay.discard();
			this.replay = null;
		}
		this.held.close();
	}

	/**
	 * A transaction whose events are being emitted: numbers them and emits the Begin lazily, so that
	 * an Origin message can still be attached to it.
	 */
	private static final class OpenTransaction {

		private final Lsn commitLsn;

		private final long xid;

		private final Instant commitTime;

		private @Nullable String origin;

		private long ordinal;

		OpenTransaction(Lsn commitLsn, long xid, Instant commitTime) {
			this.commitLsn = commitLsn;
			this.xid = xid;
			this.commitTime = commitTime;
		}

		void emitBegin(Consumer<ChangeEvent> out) {
			if (this.ordinal == 0) {
				out.accept(new ChangeEvent(new EventType.Begin(this.origin), this.commitLsn, this.xid, this.commitTime, 0));
				this.ordinal = 1;
			}
		}

		void emit(EventType type, Consumer<ChangeEvent> out) {
			out.accept(new ChangeEvent(type, this.commitLsn, this.xid, this.commitTime, this.ordinal++));
		}

	}

}
