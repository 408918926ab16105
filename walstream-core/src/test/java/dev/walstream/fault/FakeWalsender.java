package dev.walstream.fault;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake walsender: just enough of the PostgreSQL wire protocol to get a replication client to
 * streaming (startup with trust authentication, parameter statuses, ReadyForQuery, a
 * CopyBothResponse to {@code START_REPLICATION}), then a scripted sequence of raw bytes, typically
 * malformed ones. Any other query gets an empty CommandComplete. It does not answer the catalog
 * queries of {@code initialize()}: tests initialize against a real server through a
 * {@link FaultProxy} and {@linkplain FaultProxy#divert(String, int, int) divert} the later
 * connections here. A normal (not replication) connection that ends up here, such as the slot
 * health check's, is refused at once with {@code 57P03}, as a server that cannot take it now would:
 * left unanswered, it would hold the stream's timer thread, and with it {@code close()}.
 */
final class FakeWalsender implements AutoCloseable {

	private final ServerSocket listener;

	private final byte[] script;

	private final AtomicInteger connections = new AtomicInteger();

	private final List<String> queries = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	/**
	 * Starts a fake walsender.
	 * @param script the raw bytes sent after the CopyBothResponse, as built by {@link #copyData} and
	 * {@link #xlogData}
	 * @throws IOException if no local port is free
	 */
	FakeWalsender(byte[] script) throws IOException {
		this.script = script.clone();
		this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "fake-walsender");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** @return how many replication connections the fake served */
	int connections() {
		return this.connections.get();
	}

	/** @return the simple queries received, in order */
	List<String> queries() {
		return this.queries;
	}

	private void acceptLoop() {
		while (!this.listener.isClosed()) {
			try {
				Socket socket = this.listener.accept();
				this.sockets.add(socket);
				Thread session = new Thread(() -> serve(socket), "fake-walsender-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
				DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
			if (!readStartup(in, out)) {
				message(out, 'E', (body) -> body.write(("SFATAL\0C57P03\0Mthe fake walsender serves replication "
						+ "connections only\0\0").getBytes(StandardCharsets.US_ASCII)));
				out.flush();
				return;
			}
			this.connections.incrementAndGet();
			message(out, 'R', (body) -> body.writeInt(0));
			parameter(out, "server_version", "17.0");
			parameter(out, "server_encoding", "UTF8");
			parameter(out, "client_encoding", "UTF8");
			parameter(out, "DateStyle", "ISO, MDY");
			parameter(out, "integer_datetimes", "on");
			parameter(out, "standard_conforming_strings", "on");
			parameter(out, "TimeZone", "UTC");
			message(out, 'K', (body) -> {
				body.writeInt(4242);
				body.writeInt(1);
			});
			readyForQuery(out);
			while (true) {
				int type = in.read();
				if (type < 0 || type == 'X') {
					return;
				}
				int length = in.readInt();
				byte[] body = in.readNBytes(Math.max(0, length - 4));
				if (type != 'Q') {
					// status updates and CopyDone from the client: ignored
					continue;
				}
				String query = new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8);
				this.queries.add(query);
				if (query.startsWith("START_REPLICATION")) {
					message(out, 'W', (w) -> {
						w.writeByte(0);
						w.writeShort(0);
					});
					out.write(this.script);
					out.flush();
				}
				else {
					message(out, 'C', (c) -> c.write("SET\0".getBytes(StandardCharsets.US_ASCII)));
					readyForQuery(out);
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	/** Reads the startup and returns whether it asks for a replication connection. */
	private static boolean readStartup(DataInputStream in, DataOutputStream out) throws IOException {
		while (true) {
			int length = in.readInt();
			int code = in.readInt();
			byte[] parameters = in.readNBytes(length - 8);
			if (code == 80877103 || code == 80877104) {
				// SSLRequest or GSSENCRequest: not supported, carry on in plain text
				out.writeByte('N');
				out.flush();
				continue;
			}
			return ("\0" + new String(parameters, StandardCharsets.UTF_8)).contains("\0replication\0");
		}
	}

	private static void parameter(DataOutputStream out, String name, String value) throws IOException {
		message(out, 'S', (body) -> {
			body.write((name + "\0" + value + "\0").getBytes(StandardCharsets.UTF_8));
		});
	}

	private static void readyForQuery(DataOutputStream out) throws IOException {
		message(out, 'Z', (body) -> body.writeByte('I'));
		out.flush();
	}

	private static void message(DataOutputStream out, char type, Body body) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		body.write(new DataOutputStream(bytes));
		out.writeByte(type);
		out.writeInt(bytes.size() + 4);
		bytes.writeTo(out);
	}

	/**
	 * A CopyData message around a payload, with its true length.
	 * @param payload the payload
	 * @return the message's bytes
	 */
	static byte[] copyData(byte[] payload) {
		return bytes((out) -> {
			out.writeByte('d');
			out.writeInt(payload.length + 4);
			out.write(payload);
		});
	}

	/**
	 * An XLogData frame around a pgoutput message.
	 * @param lsn its WAL position
	 * @param message the pgoutput bytes
	 * @return the frame's bytes (a CopyData payload)
	 */
	static byte[] xlogData(long lsn, byte[] message) {
		return bytes((out) -> {
			out.writeByte('w');
			out.writeLong(lsn);
			out.writeLong(lsn);
			out.writeLong(0);
			out.write(message);
		});
	}

	/**
	 * Bytes written by a lambda.
	 * @param body writes the bytes
	 * @return the bytes
	 */
	static byte[] bytes(Body body) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			body.write(new DataOutputStream(bytes));
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	/** Writes bytes. */
	@FunctionalInterface
	interface Body {

		void write(DataOutputStream out) throws IOException;

	}

}
