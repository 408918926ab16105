package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.walstream.Lsn;
import dev.walstream.error.ProtocolException;
import dev.walstream.protocol.LogicalReplicationMessage.Delete;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.Relation;
import dev.walstream.protocol.LogicalReplicationMessage.StreamAbort;
import dev.walstream.protocol.LogicalReplicationMessage.Update;
import dev.walstream.protocol.StreamingReplicationMessage.HotStandbyFeedback;
import dev.walstream.protocol.StreamingReplicationMessage.PrimaryKeepalive;
import dev.walstream.protocol.StreamingReplicationMessage.StandbyStatusUpdate;
import dev.walstream.protocol.StreamingReplicationMessage.XLogData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogicalReplicationParserTest {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4 })
	void parseShouldReturnWhatTheWriterEncodedForEveryMessageType(int version) {
		List<LogicalReplicationMessage> messages = SampleMessages.stream(version);
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(version);
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(version);
		for (LogicalReplicationMessage message : messages) {
			assertThat(parser.parse(writer.encode(message))).isEqualTo(message);
		}
		Set<MessageTag> expected = EnumSet.allOf(MessageTag.class)
			.stream()
			.filter((tag) -> tag.sinceVersion() <= version)
			.collect(Collectors.toSet());
		assertThat(messages.stream().map(LogicalReplicationMessage::tag).collect(Collectors.toSet()))
			.isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4 })
	void parseWhenMessageIsCutAnywhereShouldThrowProtocolException(int version) {
		for (ByteBuffer message : SampleMessages.encodedStream(version)) {
			LogicalReplicationParser parser = parserInStreamBlockFor(version, message);
			for (int length = 0; length < message.remaining(); length++) {
				ByteBuffer cut = message.duplicate().limit(length);
				if (isStreamAbortWithoutOptionalFields(version, message, length)) {
					continue;
				}
				assertThatExceptionOfType(ProtocolException.class).as("%s cut to %d bytes", describe(message), length)
					.isThrownBy(() -> parser.parse(cut));
			}
		}
	}

	private static boolean isStreamAbortWithoutOptionalFields(int version, ByteBuffer message, int length) {
		return version >= 4 && message.get(0) == 'A' && length == 9;
	}

	@Test
	void parseWhenTrailingBytesFollowShouldThrowWithOffset() {
		ByteBuffer begin = append(SampleMessages.encodedStream(1).get(0), (byte) 7);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(begin))
			.satisfies((ex) -> {
				assertThat(ex.getMessageType()).isEqualTo("Begin ('B')");
				assertThat(ex.getOffset()).isEqualTo(21);
				assertThat(ex).hasMessageContaining("1 unexpected trailing bytes");
			});
	}

	@Test
	void parseWhenTagIsUnknownShouldNameTagAndOffset() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(4).parse(ByteBuffer.wrap(new byte[] { 'Z' })))
			.satisfies((ex) -> assertThat(ex.getOffset()).isZero())
			.withMessageContaining("unknown message tag 'Z'");
	}

	@Test
	void parseWhenMessageNeedsNewerVersionShouldThrow() {
		ByteBuffer prepare = SampleMessages.encodedStream(3)
			.stream()
			.filter((buffer) -> buffer.get(0) == 'b')
			.findFirst()
			.orElseThrow();
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(prepare))
			.satisfies((ex) -> assertThat(ex.getMessageType()).isEqualTo("BeginPrepare ('b')"))
			.withMessageContaining("needs protocol version 3 but version 1 was negotiated");
	}

	@Test
	void parseWhenStreamStartInVersionOneShouldThrow() {
		ByteBuffer start = ByteBuffer.wrap(new byte[] { 'S', 0, 0, 0, 1, 1 });
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(start))
			.withMessageContaining("StreamStart ('S')");
	}

	@Test
	void parseWhenColumnKindIsUnknownShouldNameColumnAndOffset() {
		ByteBuffer insert = insertWithTuple(new byte[] { 0, 2, 'n', 'x' });
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(insert))
			.satisfies((ex) -> assertThat(ex.getOffset()).isEqualTo(9))
			.withMessageContaining("Insert ('I')")
			.withMessageContaining("unknown kind 'x' (0x78) for column 1");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, -2, Integer.MIN_VALUE, 2, Integer.MAX_VALUE })
	void parseWhenValueLengthDoesNotFitShouldThrowWithoutAllocating(int length) {
		ByteBuffer insert = insertWithTuple(new BufferWriter().writeI16(1)
			.writeU8('t')
			.writeI32(length)
			.writeU8('a')
			.toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(insert))
			.withMessageContaining("column 0 value length " + length);
	}

	@Test
	void parseWhenColumnCountExceedsBytesShouldThrow() {
		ByteBuffer insert = insertWithTuple(new byte[] { 0x7F, (byte) 0xFF, 'n' });
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(insert))
			.withMessageContaining("column count 32767 does not fit");
	}

	@Test
	void parseWhenStringIsNotUtf8ShouldThrow() {
		ByteBuffer origin = ByteBuffer.wrap(new BufferWriter().writeU8('O')
			.writeI64(1)
			.writeBytes(new byte[] { 'a', (byte) 0xC3, 0x28, 0 })
			.toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(origin))
			.withMessageContaining("Origin ('O')")
			.withMessageContaining("not valid UTF-8");
	}

	@Test
	void parseWhenStringIsNotTerminatedShouldThrow() {
		ByteBuffer origin = ByteBuffer.wrap(new BufferWriter().writeU8('O').writeI64(1).writeU8('a').toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(origin))
			.withMessageContaining("not terminated");
	}

	@Test
	void parseWhenReplicaIdentityIsUnknownShouldThrow() {
		ByteBuffer relation = ByteBuffer.wrap(new BufferWriter().writeU8('R')
			.writeI32(1)
			.writeCString("public")
			.writeCString("t")
			.writeU8('q')
			.writeI16(0)
			.toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(relation))
			.withMessageContaining("unknown replica identity 'q'");
	}

	@Test
	void parseWhenUpdateLacksNewTupleMarkerShouldThrow() {
		ByteBuffer update = ByteBuffer.wrap(new BufferWriter().writeU8('U').writeI32(1).writeU8('X').toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parse(update))
			.withMessageContaining("expected new tuple marker 'N'");
	}

	@Test
	void parseShouldReadTransactionIdOnlyInsideStreamBlocks() {
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(2);
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(2);
		ByteBuffer outside = writer.encode(new Insert(0, 7, SampleMessages.tuple()));
		writer.encode(new LogicalReplicationMessage.StreamStart(99, true));
		ByteBuffer inside = writer.encode(new Insert(99, 7, SampleMessages.tuple()));
		assertThat(inside.remaining()).isEqualTo(outside.remaining() + 4);
		assertThat(((Insert) parser.parse(outside)).xid()).isZero();
		parser.parse(ByteBuffer.wrap(new byte[] { 'S', 0, 0, 0, 99, 1 }));
		assertThat(parser.isInStreamBlock()).isTrue();
		assertThat(((Insert) parser.parse(inside)).xid()).isEqualTo(99);
		parser.parse(ByteBuffer.wrap(new byte[] { 'E' }));
		assertThat(parser.isInStreamBlock()).isFalse();
	}

	@Test
	void parseStreamAbortInVersionFourShouldReadOptionalParallelFields() {
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(4);
		ByteBuffer plain = ByteBuffer.wrap(new BufferWriter().writeU8('A').writeI32(5).writeI32(6).toByteArray());
		assertThat(parser.parse(plain)).isEqualTo(new StreamAbort(5, 6, null, null));
		ByteBuffer parallel = ByteBuffer
			.wrap(new BufferWriter().writeU8('A').writeI32(5).writeI32(6).writeI64(0x10).writeI64(1_000_000).toByteArray());
		assertThat(parser.parse(parallel))
			.isEqualTo(new StreamAbort(5, 6, Lsn.of(0x10), Instant.parse("2000-01-01T00:00:01Z")));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(2).parse(parallel))
			.withMessageContaining("16 unexpected trailing bytes");
	}

	@Test
	void parseShouldReadTransactionIdsAsUnsigned() {
		ByteBuffer begin = ByteBuffer.wrap(new BufferWriter().writeU8('B')
			.writeI64(1)
			.writeI64(-1)
			.writeI32(0xFFFF_FFFE)
			.toByteArray());
		LogicalReplicationMessage.Begin parsed = (LogicalReplicationMessage.Begin) LogicalReplicationParser
			.withProtocolVersion(1)
			.parse(begin);
		assertThat(parsed.xid()).isEqualTo(4_294_967_294L);
		assertThat(parsed.commitTime()).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
	}

	@Test
	void parseShouldNotCopyTupleValuesOrMoveTheBufferPosition() {
		byte[] bytes = new byte[200];
		ByteBuffer encoded = LogicalReplicationWriter.withProtocolVersion(1)
			.encode(new Insert(0, 7, SampleMessages.tuple()));
		int length = encoded.remaining();
		encoded.get(bytes, 100, length);
		ByteBuffer message = ByteBuffer.wrap(bytes, 100, length);
		Insert insert = (Insert) LogicalReplicationParser.withProtocolVersion(1).parse(message);
		assertThat(message.position()).isEqualTo(100);
		TupleData tuple = insert.newTuple();
		assertThat(tuple.hasArray()).isTrue();
		assertThat(tuple.array()).isSameAs(bytes);
		assertThat(new String(bytes, tuple.arrayOffset(0), tuple.length(0))).isEqualTo("42");
		assertThat(tuple.text(1)).isEqualTo("h\u00e9llo, w\u00f6rld");
		assertThat(tuple.bytes(2)).containsExactly(0, 1, 2, 0xFF);
		assertThat(tuple.kind(2)).isEqualTo(ColumnKind.BINARY);
		assertThat(tuple.isUnchangedToast(3)).isTrue();
		assertThat(tuple.isNull(3)).isFalse();
		assertThat(tuple.length(3)).isEqualTo(-1);
		assertThat(tuple.isNull(4)).isTrue();
		assertThat(tuple.text(4)).isNull();
		assertThat(tuple).hasToString("TupleData['42', 'h\u00e9llo, w\u00f6rld', binary(4 bytes), unchanged-toast, null]");
	}

	@Test
	void parseShouldReadUpdateAndDeleteTupleShapes() {
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(1);
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(1);
		TupleData key = TupleData.of(ColumnValue.text("1"), ColumnValue.NULL);
		Update withKey = (Update) parser.parse(writer.encode(new Update(0, 9, key, null, SampleMessages.tuple())));
		assertThat(withKey.keyTuple()).isEqualTo(key);
		assertThat(withKey.oldTuple()).isNull();
		Delete full = (Delete) parser.parse(writer.encode(new Delete(0, 9, null, SampleMessages.tuple())));
		assertThat(full.keyTuple()).isNull();
		assertThat(full.oldTuple()).isEqualTo(SampleMessages.tuple());
	}

	@Test
	void parseRelationShouldFlagKeyColumns() {
		Relation relation = (Relation) LogicalReplicationParser.withProtocolVersion(1)
			.parse(LogicalReplicationWriter.withProtocolVersion(1).encode(SampleMessages.relation(0)));
		assertThat(relation.columns()).extracting(Relation.Column::isKey).containsExactly(true, false, false, false, false);
		assertThat(relation.columns().get(4).typeModifier()).isEqualTo(655366);
	}

	@Test
	void parseWalMessageShouldReadEveryFrameType() {
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(1);
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(1);
		Instant time = SampleMessages.TIME;
		List<StreamingReplicationMessage> frames = List.of(
				new XLogData(Lsn.of(10), Lsn.of(20), time, new Insert(0, 3, SampleMessages.tuple())),
				new PrimaryKeepalive(Lsn.of(30), time, true), new PrimaryKeepalive(Lsn.of(30), time, false),
				new StandbyStatusUpdate(Lsn.of(1), Lsn.of(2), Lsn.of(3), time, false),
				new HotStandbyFeedback(time, 1, 2, 0xFFFF_FFFFL, 4));
		for (StreamingReplicationMessage frame : frames) {
			assertThat(parser.parseWalMessage(writer.encodeFrame(frame))).isEqualTo(frame);
		}
	}

	@Test
	void parseWalMessageShouldCountErrorOffsetsFromTheFrameTag() {
		ByteBuffer frame = ByteBuffer.wrap(new BufferWriter().writeU8('w')
			.writeI64(1)
			.writeI64(2)
			.writeI64(3)
			.writeU8('I')
			.writeI32(5)
			.writeU8('Q')
			.toByteArray());
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1).parseWalMessage(frame))
			.satisfies((ex) -> {
				assertThat(ex.getOffset()).isEqualTo(30);
				assertThat(ex.getMessageType()).isEqualTo("Insert ('I')");
			});
	}

	@Test
	void parseWalMessageWhenTagIsUnknownShouldThrow() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(1)
				.parseWalMessage(ByteBuffer.wrap(new byte[] { 'q', 0 })))
			.withMessageContaining("unknown replication frame tag 'q'");
	}

	@Test
	void withProtocolVersionWhenOutOfRangeShouldThrow() {
		assertThatIllegalArgumentException().isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(0));
		assertThatIllegalArgumentException().isThrownBy(() -> LogicalReplicationParser.withProtocolVersion(5));
	}

	private static LogicalReplicationParser parserInStreamBlockFor(int version, ByteBuffer message) {
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(version);
		if (version >= 2 && message.remaining() > 0 && "IUDTRYM".indexOf(message.get(0)) >= 0) {
			// either state is a valid context for a cut message; the stream block one reads the xid
			parser.parse(ByteBuffer.wrap(new byte[] { 'S', 0, 0, 0, 1, 1 }));
		}
		return parser;
	}

	private static String describe(ByteBuffer message) {
		return "message '" + (char) message.get(0) + "'";
	}

	private static ByteBuffer append(ByteBuffer message, byte extra) {
		return ByteBuffer.wrap(new BufferWriter().writeBytes(message).writeU8(extra).toByteArray());
	}

	private static ByteBuffer insertWithTuple(byte[] tuple) {
		return ByteBuffer.wrap(new BufferWriter().writeU8('I').writeI32(1).writeU8('N').writeBytes(tuple).toByteArray());
	}

}
