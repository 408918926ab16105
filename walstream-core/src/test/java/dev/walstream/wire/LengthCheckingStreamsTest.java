package dev.walstream.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The framing check below pgjdbc: every byte of well-formed messages passes however the reads split
 * them, and the byte that would complete an oversized length never reaches the reader.
 */
class LengthCheckingStreamsTest {

	private static final long LIMIT = 1_000;

	private static final byte[] SSL_REQUEST = ByteBuffer.allocate(8).putInt(8).putInt(80877103).array();

	@ParameterizedTest(name = "reads of at most {0} bytes")
	@ValueSource(ints = { 1, 2, 3, 5, 7, 4096 })
	void wellFormedMessagesShouldPassWhole(int chunk) throws IOException {
		byte[] wire = concat(message('R', 4), message('S', 20), message('d', (int) LIMIT - 5), message('Z', 1));
		BackendFraming framing = new BackendFraming(LIMIT);

		byte[] read = new CheckedInputStream(new ChunkedInputStream(wire, chunk), framing).readAllBytes();

		assertThat(read).isEqualTo(wire);
	}

	@Test
	void messageExactlyAtTheLimitShouldPassAndOneByteMoreShouldNot() throws IOException {
		byte[] atLimit = message('d', (int) LIMIT - 4);
		assertThat(new CheckedInputStream(new ByteArrayInputStream(atLimit), new BackendFraming(LIMIT)).readAllBytes())
			.hasSize((int) LIMIT + 1);

		OversizedMessageException failure = readFailure(message('d', (int) LIMIT - 3), 4096);

		assertThat(failure.getAnnouncedLength()).isEqualTo(LIMIT + 1);
		assertThat(failure.getMessageTypeName()).isEqualTo("CopyData ('d')");
	}

	@Test
	void byteAtATimeShouldStopBeforeTheLastByteOfTheLength() throws IOException {
		byte[] wire = concat(message('d', 10), header('d', Integer.MAX_VALUE));
		CheckedInputStream in = new CheckedInputStream(new ChunkedInputStream(wire, 1), new BackendFraming(LIMIT));

		for (int i = 0; i < 15 + 4; i++) {
			assertThat(in.read()).as("byte %d", i).isEqualTo(wire[i] & 0xff);
		}
		OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class, in::read);

		assertThat(failure.getAnnouncedLength()).isEqualTo(Integer.MAX_VALUE);
		assertThat(failure.getConnectionOffset()).isEqualTo(15);
		assertThat(failure).hasMessageContaining("CopyData ('d')").hasMessageContaining("2147483647");
	}

	@Test
	void readHoldingAnOversizedLengthShouldPassTheBytesBeforeItAndFailTheNextRead() throws IOException {
		byte[] wire = concat(message('d', 10), header('D', 0x7FFF_FFF0), new byte[64]);
		CheckedInputStream in = new CheckedInputStream(new ByteArrayInputStream(wire), new BackendFraming(LIMIT));
		byte[] buffer = new byte[4096];

		int passed = in.read(buffer, 0, buffer.length);

		assertThat(passed).as("up to, not including, the last length byte").isEqualTo(15 + 4);
		OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class,
				() -> in.read(buffer, 0, buffer.length));
		assertThat(failure.getMessageTypeName()).isEqualTo("DataRow ('D')");
		assertThat(catchThrowableOfType(OversizedMessageException.class, in::read)).as("and every read after it")
			.isSameAs(failure);
	}

	@ParameterizedTest(name = "length {0}")
	@ValueSource(ints = { -1, 0, 3 })
	void lengthShorterThanItsOwnFieldShouldFail(int length) throws IOException {
		OversizedMessageException failure = readFailure(header('E', length), 4096);

		assertThat(failure.getAnnouncedLength()).isEqualTo(Integer.toUnsignedLong(length));
		assertThat(failure.getMessageTypeName()).isEqualTo("ErrorResponse ('E')");
	}

	@Test
	void skippedBytesShouldBeCheckedToo() throws IOException {
		byte[] wire = concat(message('d', 10), header('d', Integer.MAX_VALUE));
		CheckedInputStream in = new CheckedInputStream(new ByteArrayInputStream(wire), new BackendFraming(LIMIT));

		OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class,
				() -> in.skip(wire.length));

		assertThat(failure.getAnnouncedLength()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void singleByteNoAnswerToAnSslRequestShouldNotBeTakenForAMessage() throws IOException {
		BackendFraming framing = new BackendFraming(LIMIT);
		new StartupWatcher(framing).written(SSL_REQUEST, 0, SSL_REQUEST.length);
		byte[] wire = concat(new byte[] { 'N' }, message('R', 4), header('d', Integer.MAX_VALUE));
		CheckedInputStream in = new CheckedInputStream(new ChunkedInputStream(wire, 2), framing);

		OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class, in::readAllBytes);

		assertThat(failure.getConnectionOffset()).isEqualTo(1 + 9);
	}

	@Test
	void errorResponseInsteadOfAnAnswerShouldBeFramed() throws IOException {
		BackendFraming framing = new BackendFraming(LIMIT);
		framing.expectNegotiationAnswer();

		OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class,
				() -> new CheckedInputStream(new ByteArrayInputStream(header('E', Integer.MAX_VALUE)), framing)
					.readAllBytes());

		assertThat(failure.getMessageTypeName()).isEqualTo("ErrorResponse ('E')");
	}

	@Test
	void bytesAfterAnAcceptedSslRequestShouldPassUnchecked() throws IOException {
		BackendFraming framing = new BackendFraming(LIMIT);
		StartupWatcher watcher = new StartupWatcher(framing);
		watcher.written(SSL_REQUEST, 0, 4);
		watcher.written(SSL_REQUEST, 4, 4);
		byte[] wire = concat(new byte[] { 'S' }, header('d', Integer.MAX_VALUE), new byte[100]);

		byte[] read = new CheckedInputStream(new ChunkedInputStream(wire, 3), framing).readAllBytes();

		assertThat(read).isEqualTo(wire);
		assertThat(watcher.watching()).isFalse();
	}

	@Test
	void directTlsShouldLeaveTheConnectionUnchecked() throws IOException {
		BackendFraming framing = new BackendFraming(LIMIT);
		StartupWatcher watcher = new StartupWatcher(framing);
		watcher.written(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }, 0, 5);
		byte[] wire = concat(new byte[] { 0x16, 0x03, 0x03 }, header('d', Integer.MAX_VALUE));

		assertThat(new CheckedInputStream(new ByteArrayInputStream(wire), framing).readAllBytes()).isEqualTo(wire);
		assertThat(watcher.watching()).isFalse();
	}

	@Test
	void startupMessageShouldEndTheWatch() throws IOException {
		BackendFraming framing = new BackendFraming(LIMIT);
		StartupWatcher watcher = new StartupWatcher(framing);
		byte[] startup = ByteBuffer.allocate(16).putInt(16).putInt(196608).put("user\0x\0\0".getBytes()).array();
		watcher.written(startup, 0, startup.length);

		assertThat(watcher.watching()).isFalse();
		assertThat(readFailure(framing, concat(new byte[] { 'N' }, new byte[] { 0, 0, 0, 0 }), 4096)
			.getMessageTypeName()).as("an 'N' after the startup message is a NoticeResponse")
			.isEqualTo("NoticeResponse ('N')");
	}

	@Test
	void factorySocketShouldCheckWhatTheServerSendsAgainstTheLimitInTheConnectionProperties() throws IOException {
		Properties properties = new Properties();
		properties.setProperty(LengthCheckingSocketFactory.MAX_MESSAGE_SIZE_PROPERTY, "4096");
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = new LengthCheckingSocketFactory(properties).createSocket(server.getInetAddress(),
						server.getLocalPort());
				Socket accepted = server.accept()) {
			accepted.getOutputStream().write(concat(message('R', 4), header('d', 4097)));

			OversizedMessageException failure = catchThrowableOfType(OversizedMessageException.class,
					() -> client.getInputStream().readNBytes(100));

			assertThat(failure.getLimit()).isEqualTo(4096);
			assertThat(failure.getConnectionOffset()).isEqualTo(9);
		}
	}

	private static OversizedMessageException readFailure(byte[] wire, int chunk) {
		return readFailure(new BackendFraming(LIMIT), wire, chunk);
	}

	private static OversizedMessageException readFailure(BackendFraming framing, byte[] wire, int chunk) {
		CheckedInputStream in = new CheckedInputStream(new ChunkedInputStream(wire, chunk), framing);
		return catchThrowableOfType(OversizedMessageException.class, in::readAllBytes);
	}

	private static byte[] message(char type, int bodyLength) {
		byte[] body = new byte[bodyLength];
		Arrays.fill(body, (byte) 'x');
		return concat(header(type, bodyLength + 4), body);
	}

	private static byte[] header(char type, int length) {
		return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		try {
			for (byte[] part : parts) {
				out.write(part);
			}
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return bytes.toByteArray();
	}

	/** A stream that returns at most {@code chunk} bytes a read, as a socket may. */
	private static final class ChunkedInputStream extends InputStream {

		private final ByteArrayInputStream in;

		private final int chunk;

		ChunkedInputStream(byte[] bytes, int chunk) {
			this.in = new ByteArrayInputStream(bytes);
			this.chunk = chunk;
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] bytes, int from, int count) {
			return this.in.read(bytes, from, Math.min(count, this.chunk));
		}

	}

}
