package dev.walstream.fault;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.walstream.error.ProtocolException;
import dev.walstream.error.ReplicationException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.wire.LengthCheckingSocketFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Fault 9: a hostile or broken server. The stream checks the server and its slot against real
 * PostgreSQL, then its replication connection is diverted to a {@link FakeWalsender} that streams
 * malformed bytes, or messages announcing more bytes than any server sends: the stream fails with a
 * {@link ProtocolException} naming the message type and offset, quickly, without retrying (the same
 * bytes would come again).
 */
@EmbeddedPostgres
class HostileServerIT {

	private static final long LSN = 0x1_0000_0000L;

	private static final int RELATION_ID = 16384;

	@TempDir
	Path spill;

	private @Nullable PostgresServer server;

	private @Nullable String database;

	/** A database of the test's own, whose slot {@link #dropSlot()} drops: the shared server has 20. */
	private String createDatabase(PostgresServer server) {
		this.server = server;
		this.database = server.createDatabase();
		return this.database;
	}

	@AfterEach
	void dropSlot() {
		PostgresServer used = this.server;
		String db = this.database;
		if (used == null || db == null) {
			return;
		}
		String slot = "'slot_" + db + "'";
		// the walsender of a stream just closed may hold the slot a moment longer
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			used.execute(db, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = "
					+ slot + " AND NOT active");
			assertThat(used.queryForString(db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = " + slot))
				.isEqualTo("0");
		});
	}

	static Stream<Arguments> malformedStreams() {
		return Stream.of(
				Arguments.of("unknown replication frame tag",
						frame(FakeWalsender.bytes((out) -> {
							out.writeByte('z');
							out.writeLong(0);
						})), "unknown replication frame tag"),
				Arguments.of("XLogData header cut short", frame(new byte[] { 'w', 0, 0, 0, 0, 0, 0, 0, 0, 1 }),
						"truncated"),
				Arguments.of("unknown pgoutput message tag", xlog(new byte[] { 'Z', 0, 0, 0, 0 }), "unknown message tag"),
				Arguments.of("Begin cut short", xlog(new byte[] { 'B', 0, 0, 0 }), "Begin"),
				Arguments.of("Relation announcing 65535 columns it does not hold",
						concat(begin(), xlog(FakeWalsender.bytes((out) -> {
							out.writeByte('R');
							out.writeInt(RELATION_ID);
							out.write("public\0t\0".getBytes(StandardCharsets.US_ASCII));
							out.writeByte('d');
							out.writeShort(0xFFFF);
						}))), "Relation"),
				Arguments.of("Insert into a relation never described", concat(begin(), insert(1, 'x')), "16384"),
				Arguments.of("column length -2",
						concat(begin(), relation(), xlog(FakeWalsender.bytes((out) -> {
							out.writeByte('I');
							out.writeInt(RELATION_ID);
							out.writeByte('N');
							out.writeShort(1);
							out.writeByte('t');
							out.writeInt(-2);
						}))), "Insert"),
				Arguments.of("column longer than the message",
						concat(begin(), relation(), xlog(FakeWalsender.bytes((out) -> {
							out.writeByte('I');
							out.writeInt(RELATION_ID);
							out.writeByte('N');
							out.writeShort(1);
							out.writeByte('t');
							out.writeInt(1_000_000);
							out.write(new byte[16]);
						}))), "Insert"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedStreams")
	void malformedReplicationStreamShouldFailFastWithProtocolExceptionAndNoRetry(String name, byte[] script,
			String expectedDetail, PostgresServer server) throws Exception {
		String db = createDatabase(server);
		server.execute(db, Ledger.SCHEMA);
		try (FakeWalsender fake = new FakeWalsender(script);
				FaultProxy proxy = FaultProxy.start(server.host(), server.port())) {
			// initialize() checks the real server over the first connection; the replication one is the fake's
			proxy.divert("127.0.0.1", fake.port(), 1);
			ReplicationStreamConfig config = LedgerConsumer.config("slot_" + db, this.spill)
				.serverTimeout(Duration.ofSeconds(3))
				.build();
			try (LogicalReplicationStream stream = LogicalReplicationStream
				.open(LedgerConsumer.connection(proxy.host(), proxy.port(), db), config)) {
				stream.initialize();
				stream.start(null);
				long start = System.nanoTime();
				Throwable failure = catchThrowable(() -> {
					while (stream.nextEvent(Duration.ofSeconds(10)) != null) {
						// events before the malformed message, if any
					}
				});
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				System.out.println("Hostile server, " + name + ": " + failure + " after " + millis + " ms");
				assertThat(failure).isInstanceOf(ProtocolException.class).hasMessageContaining(expectedDetail);
				assertThat(((ReplicationException) failure).isRetryable()).isFalse();
				assertThat(millis).isLessThan(1_000);
				assertThat(fake.connections()).as("connections to the fake: no retry").isOne();
				assertThat(fake.queries()).singleElement().asString().startsWith("START_REPLICATION");
			}
		}
	}

	static Stream<Arguments> oversizedMessages() {
		long justOverTheLimit = LengthCheckingSocketFactory.DEFAULT_MAX_MESSAGE_SIZE + 1;
		return Stream.of(Arguments.of('d', (long) Integer.MAX_VALUE, "CopyData ('d')"),
				Arguments.of('d', 1_610_612_736L, "CopyData ('d')"), Arguments.of('d', justOverTheLimit, "CopyData ('d')"),
				Arguments.of('E', (long) Integer.MAX_VALUE, "ErrorResponse ('E')"),
				Arguments.of('d', 0xFFFF_FFFFL, "CopyData ('d')"));
	}

	/**
	 * pgjdbc allocates a message whole, at the length the server announces, before walstream sees a
	 * byte of it ({@code PGStream.receive(int)}): the socket below it fails the read that would
	 * complete a length above the limit. In a 64 MB heap, where any such allocation would end in an
	 * {@link OutOfMemoryError}, the stream fails at once with a {@link ProtocolException} naming the
	 * message type and the announced length, over one connection.
	 */
	@ParameterizedTest(name = "{2} announcing {1} bytes")
	@MethodSource("oversizedMessages")
	void oversizedMessageShouldFailWithProtocolExceptionWithoutRetryInASmallHeap(char type, long length,
			String typeName, PostgresServer server) throws Exception {
		String db = createDatabase(server);
		server.execute(db, Ledger.SCHEMA);
		byte[] script = FakeWalsender.bytes((out) -> {
			out.writeByte(type);
			out.writeInt((int) length);
			out.write(new byte[] { 'w', 0, 0, 0 });
		});
		try (FakeWalsender fake = new FakeWalsender(script);
				FaultProxy proxy = FaultProxy.start(server.host(), server.port())) {
			proxy.divert("127.0.0.1", fake.port(), 1);
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process consumer = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
					HostileServerConsumer.class.getName(), proxy.host(), Integer.toString(proxy.port()), db, "slot_" + db,
					this.spill.toString())
				.redirectErrorStream(true)
				.start();
			try {
				assertThat(consumer.waitFor(30, TimeUnit.SECONDS)).as("consumer finished").isTrue();
				String output = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				String failure = output.lines()
					.filter((line) -> line.startsWith("FAILED") || line.startsWith("NO FAILURE"))
					.findFirst()
					.orElse(output);
				System.out.println("Hostile server, " + typeName + " announcing " + length + " bytes: " + failure);
				assertThat(failure).startsWith("FAILED after ")
					.contains(ProtocolException.class.getName() + ": Malformed " + typeName + " message at offset 1")
					.contains("announces a length of " + length + " bytes")
					.doesNotContain("OutOfMemoryError");
				long millis = Long.parseLong(failure.substring("FAILED after ".length(), failure.indexOf(" ms")));
				assertThat(millis).as("failed before serverTimeout (3 s) could end a read waiting for the bytes")
					.isLessThan(3_000);
				assertThat(fake.connections()).as("connections to the fake: no retry").isOne();
			}
			finally {
				consumer.destroyForcibly();
			}
		}
	}

	/**
	 * A limit below the server's own, set by the application, stops a legitimate change larger than
	 * it the same way: a {@link ProtocolException} naming the CopyData message and its length, not
	 * retried (the change would come again), after the smaller changes before it were delivered.
	 */
	@Test
	void changeLargerThanAConfiguredLimitShouldStopTheStreamWithoutRetry(PostgresServer server) throws Exception {
		String db = createDatabase(server);
		server.execute(db, Ledger.SCHEMA);
		ReplicationStreamConfig config = LedgerConsumer.config("slot_" + db, this.spill)
			.maxMessageSize(64 * 1024)
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.initialize();
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, repeat('s', 60000))");
			server.execute(db, "INSERT INTO ledger VALUES (2, 2, repeat('l', 70000))");
			List<Long> delivered = new ArrayList<>();
			Throwable failure = catchThrowable(() -> {
				for (ChangeEvent event = stream.nextEvent(Duration.ofSeconds(10)); event != null; event = stream
					.nextEvent(Duration.ofSeconds(10))) {
					if (event.eventType() instanceof EventType.Insert insert) {
						delivered.add(insert.data().get("seq", Long.class));
					}
				}
			});

			assertThat(delivered).containsExactly(1L);
			assertThat(failure).isInstanceOf(ProtocolException.class)
				.hasMessageContaining("Malformed CopyData ('d') message at offset 1: announces a length of 700")
				.hasMessageContaining("(limit 65536)");
			assertThat(((ReplicationException) failure).isRetryable()).isFalse();
		}
	}

	private static byte[] frame(byte[] payload) {
		return FakeWalsender.copyData(payload);
	}

	private static byte[] xlog(byte[] message) {
		return FakeWalsender.copyData(FakeWalsender.xlogData(LSN, message));
	}

	private static byte[] begin() {
		return xlog(FakeWalsender.bytes((out) -> {
			out.writeByte('B');
			out.writeLong(LSN + 100);
			out.writeLong(0);
			out.writeInt(777);
		}));
	}

	private static byte[] relation() {
		return xlog(FakeWalsender.bytes((out) -> {
			out.writeByte('R');
			out.writeInt(RELATION_ID);
			out.write("public\0t\0".getBytes(StandardCharsets.US_ASCII));
			out.writeByte('d');
			out.writeShort(1);
			out.writeByte(1);
			out.write("v\0".getBytes(StandardCharsets.US_ASCII));
			out.writeInt(25);
			out.writeInt(-1);
		}));
	}

	private static byte[] insert(int columns, char value) {
		return xlog(FakeWalsender.bytes((out) -> {
			out.writeByte('I');
			out.writeInt(RELATION_ID);
			out.writeByte('N');
			out.writeShort(columns);
			for (int i = 0; i < columns; i++) {
				text(out, String.valueOf(value));
			}
		}));
	}

	private static void text(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeByte('t');
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static byte[] concat(byte[]... parts) {
		return FakeWalsender.bytes((out) -> {
			for (byte[] part : parts) {
				out.write(part);
			}
		});
	}

}
