package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.Lsn;
import dev.walstream.decode.ValueDecoders;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.ChangeEventFactory;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.event.RelationCache;
import dev.walstream.protocol.ColumnValue;
import dev.walstream.protocol.LogicalReplicationMessage;
import dev.walstream.protocol.LogicalReplicationMessage.Begin;
import dev.walstream.protocol.LogicalReplicationMessage.BeginPrepare;
import dev.walstream.protocol.LogicalReplicationMessage.Commit;
import dev.walstream.protocol.LogicalReplicationMessage.CommitPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.Message;
import dev.walstream.protocol.LogicalReplicationMessage.Origin;
import dev.walstream.protocol.LogicalReplicationMessage.Prepare;
import dev.walstream.protocol.LogicalReplicationMessage.Relation;
import dev.walstream.protocol.LogicalReplicationMessage.RollbackPrepared;
import dev.walstream.protocol.LogicalReplicationMessage.StreamAbort;
import dev.walstream.protocol.LogicalReplicationMessage.StreamCommit;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStart;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStop;
import dev.walstream.protocol.LogicalReplicationParser;
import dev.walstream.protocol.LogicalReplicationWriter;
import dev.walstream.protocol.ReplicaIdentity;
import dev.walstream.protocol.TupleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeEventAssemblerTest {

	private static final Instant TIME = Instant.parse("2026-11-25T12:00:00Z");

	@TempDir
	Path spill;

	private final LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(4);

	private final LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(4);

	private final List<ChangeEvent> events = new ArrayList<>();

	private ChangeEventAssembler assembler(boolean deliverPrepared, long spillThreshold) {
		return new ChangeEventAssembler(new ChangeEventFactory(new RelationCache(ValueDecoders.defaults())),
				new TransactionAssembler(this.spill, spillThreshold), 4, deliverPrepared);
	}

	private void feed(ChangeEventAssembler assembler, LogicalReplicationMessage... messages) {
		for (LogicalReplicationMessage message : messages) {
			ByteBuffer raw = this.writer.encode(message);
			assembler.accept(this.parser.parse(raw), raw, this.events::add);
			for (ChangeEvent released = assembler.nextReleased(); released != null; released = assembler.nextReleased()) {
				this.events.add(released);
			}
		}
	}

	private static Relation relation(long xid) {
		return new Relation(xid, 7, "public", "t", ReplicaIdentity.DEFAULT,
				List.of(new Relation.Column(1, "id", 23, -1)));
	}

	private static Insert insert(long xid, int id) {
		return new Insert(xid, 7, TupleData.of(ColumnValue.text(Integer.toString(id))));
	}

	private List<Object> ids() {
		return this.events.stream()
			.filter((event) -> event.eventType() instanceof EventType.Insert)
			.map((event) -> ((EventType.Insert) event.eventType()).data().get("id"))
			.toList();
	}

	@Test
	void plainTransactionShouldBeNumberedAndCarryItsOrigin() {
		try (ChangeEventAssembler assembler = assembler(false, 1 << 20)) {
			feed(assembler, new Begin(Lsn.of(100), TIME, 5), new Origin(Lsn.of(1), "upstream"), relation(0), insert(0, 1),
					new Commit(0, Lsn.of(100), Lsn.of(120), TIME));
		}
		assertThat(this.events).extracting(ChangeEvent::operation)
			.containsExactly(Operation.BEGIN, Operation.RELATION, Operation.INSERT, Operation.COMMIT);
		assertThat(this.events).extracting(ChangeEvent::ordinal).containsExactly(0L, 1L, 2L, 3L);
		assertThat(this.events).extracting(ChangeEvent::lsn).containsOnly(Lsn.of(100));
		assertThat(((EventType.Begin) this.events.get(0).eventType()).origin()).isEqualTo("upstream");
		assertThat(((EventType.Commit) this.events.get(3).eventType()).endLsn()).isEqualTo(Lsn.of(120));
	}

	@Test
	void streamedTransactionShouldArriveAtCommitWithoutItsAbortedSubtransaction() {
		try (ChangeEventAssembler assembler = assembler(false, 64)) {
			feed(assembler, new StreamStart(10, true), relation(10), insert(10, 1), StreamStop.INSTANCE,
					new StreamStart(20, true), relation(20), insert(20, 100), StreamStop.INSTANCE);
			assertThat(this.events).isEmpty();
			assertThat(assembler.isInTransaction()).isFalse();
			feed(assembler, new StreamStart(10, false), insert(11, 2), insert(11, 3), StreamStop.INSTANCE,
					new StreamAbort(10, 11, null, null), new StreamAbort(20, 20, Lsn.of(5), TIME));
			assertThat(this.events).isEmpty();
			feed(assembler, new StreamStart(10, false), insert(10, 4), StreamStop.INSTANCE,
					new StreamCommit(10, 0, Lsn.of(300), Lsn.of(340), TIME));
		}
		assertThat(this.events).extracting(ChangeEvent::operation)
			.containsExactly(Operation.BEGIN, Operation.RELATION, Operation.INSERT, Operation.INSERT, Operation.COMMIT);
		assertThat(ids()).containsExactly(1, 4);
		assertThat(this.events).extracting(ChangeEvent::xid).containsOnly(10L);
		assertThat(this.events).extracting(ChangeEvent::lsn).containsOnly(Lsn.of(300));
	}

	@Test
	void preparedTransactionShouldBeHeldUntilCommitPreparedAndCapAcknowledgement() {
		try (ChangeEventAssembler assembler = assembler(false, 1 << 20)) {
			feed(assembler, relation(0), new BeginPrepare(Lsn.of(500), Lsn.of(540), TIME, 9, "g"), insert(0, 1),
					new Prepare(0, Lsn.of(500), Lsn.of(540), TIME, 9, "g"));
			assertThat(this.events).isEmpty();
			assertThat(assembler.acknowledgementCeiling()).isEqualTo(Lsn.of(500));
			feed(assembler, new BeginPrepare(Lsn.of(600), Lsn.of(640), TIME, 10, "h"), insert(0, 2),
					new Prepare(0, Lsn.of(600), Lsn.of(640), TIME, 10, "h"), new RollbackPrepared(0, Lsn.of(640),
							Lsn.of(700), TIME, TIME, 10, "h"));
			feed(assembler, new CommitPrepared(0, Lsn.of(800), Lsn.of(840), TIME, 9, "g"));
			assertThat(assembler.acknowledgementCeiling()).isNull();
		}
		assertThat(this.events).extracting(ChangeEvent::operation)
			.containsExactly(Operation.BEGIN, Operation.INSERT, Operation.COMMIT);
		assertThat(ids()).containsExactly(1);
		assertThat(((EventType.Commit) this.events.get(2).eventType()).endLsn()).isEqualTo(Lsn.of(840));
	}

	@Test
	void deliveredPrepareShouldBeFollowedByItsOutcome() {
		try (ChangeEventAssembler assembler = assembler(true, 1 << 20)) {
			feed(assembler, relation(0), new BeginPrepare(Lsn.of(500), Lsn.of(540), TIME, 9, "g"), insert(0, 1),
					new Prepare(0, Lsn.of(500), Lsn.of(540), TIME, 9, "g"),
					new CommitPrepared(0, Lsn.of(800), Lsn.of(840), TIME, 9, "g"));
		}
		assertThat(this.events).extracting(ChangeEvent::operation)
			.containsExactly(Operation.BEGIN, Operation.INSERT, Operation.PREPARE, Operation.COMMIT_PREPARED);
	}

	@Test
	void nonTransactionalMessageShouldStandAlone() {
		try (ChangeEventAssembler assembler = assembler(false, 1 << 20)) {
			feed(assembler, new Message(0, 0, Lsn.of(42), "app", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8))));
		}
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.xid()).isZero();
			assertThat(event.lsn()).isEqualTo(Lsn.of(42));
			assertThat(((EventType.Message) event.eventType()).contentAsString()).isEqualTo("hi");
		});
	}

}
