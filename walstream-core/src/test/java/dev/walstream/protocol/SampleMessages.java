package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

/**
 * A stream of messages covering every message type and field shape of a protocol version, in an
 * order a server could send them.
 */
final class SampleMessages {

	static final Instant TIME = Instant.parse("2026-11-25T17:44:06.123456Z");

	private SampleMessages() {
	}

	static List<LogicalReplicationMessage> stream(int protocolVersion) {
		List<LogicalReplicationMessage> messages = new ArrayList<>();
		messages.add(new Begin(Lsn.parse("16/B374D848"), TIME, 4_000_000_000L));
		messages.add(new Origin(Lsn.parse("1/2"), "upstream_node"));
		messages.add(new Type(0, 16_385, "public", "mood"));
		messages.add(relation(0));
		messages.add(new Insert(0, 16_390, tuple()));
		messages.add(new Update(0, 16_390, null, null, tuple()));
		messages.add(new Update(0, 16_390, TupleData.of(ColumnValue.text("1"), ColumnValue.NULL), null, tuple()));
		messages.add(new Update(0, 16_390, null, tuple(), tuple()));
		messages.add(new Delete(0, 16_390, TupleData.of(ColumnValue.text("1"), ColumnValue.NULL), null));
		messages.add(new Delete(0, 16_390, null, tuple()));
		messages.add(new Truncate(0, Truncate.CASCADE | Truncate.RESTART_IDENTITY, List.of(16_390, -5)));
		messages.add(message(0, 1));
		messages.add(new Commit(0, Lsn.parse("16/B374D848"), Lsn.parse("16/B374D880"), TIME));
		messages.add(message(0, 0));
		if (protocolVersion >= 2) {
			messages.add(new StreamStart(771, true));
			messages.add(relation(771));
			messages.add(new Type(771, 16_385, "public", "mood"));
			messages.add(new Insert(771, 16_390, tuple()));
			messages.add(new Update(771, 16_390, null, tuple(), tuple()));
			messages.add(new Delete(771, 16_390, TupleData.of(ColumnValue.text("1")), null));
			messages.add(new Truncate(771, 0, List.of(16_390)));
			messages.add(message(771, 1));
			messages.add(StreamStop.INSTANCE);
			messages.add(new StreamStart(771, false));
			messages.add(new StreamAbort(771, 772, null, null));
			messages.add(StreamStop.INSTANCE);
			messages.add(new StreamCommit(771, 0, Lsn.parse("17/10"), Lsn.parse("17/48"), TIME));
			messages.add(new StreamAbort(773, 773, null, null));
		}
		if (protocolVersion >= 3) {
			messages.add(new BeginPrepare(Lsn.parse("18/10"), Lsn.parse("18/48"), TIME, 900, "gid-1"));
			messages.add(new Prepare(0, Lsn.parse("18/10"), Lsn.parse("18/48"), TIME, 900, "gid-1"));
			messages.add(new CommitPrepared(0, Lsn.parse("18/60"), Lsn.parse("18/98"), TIME, 900, "gid-1"));
			messages.add(new RollbackPrepared(0, Lsn.parse("18/48"), Lsn.parse("18/A0"), TIME, TIME.plusSeconds(1), 901,
					"gid-\u00e9"));
			messages.add(new StreamPrepare(0, Lsn.parse("19/10"), Lsn.parse("19/48"), TIME, 902, "gid-3"));
		}
		if (protocolVersion >= 4) {
			messages.add(new StreamAbort(774, 775, Lsn.parse("1A/10"), TIME));
		}
		return messages;
	}

	static Relation relation(long xid) {
		return new Relation(xid, 16_390, "public", "orders", ReplicaIdentity.DEFAULT,
				List.of(new Relation.Column(1, "id", 23, -1), new Relation.Column(0, "note", 25, -1),
						new Relation.Column(0, "payload", 17, -1), new Relation.Column(0, "big", 25, -1),
						new Relation.Column(0, "price", 1700, 655366)));
	}

	static TupleData tuple() {
		return TupleData.of(ColumnValue.text("42"), ColumnValue.text("h\u00e9llo, w\u00f6rld"),
				ColumnValue.binary(new byte[] { 0, 1, 2, (byte) 0xFF }), ColumnValue.UNCHANGED_TOAST, ColumnValue.NULL);
	}

	static Message message(long xid, int flags) {
		return new Message(xid, flags, Lsn.parse("16/B374D000"), "walstream.test",
				ByteBuffer.wrap("{\"k\": 1}".getBytes(StandardCharsets.UTF_8)));
	}

	static List<ByteBuffer> encodedStream(int protocolVersion) {
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(protocolVersion);
		return stream(protocolVersion).stream().map(writer::encode).toList();
	}

}
