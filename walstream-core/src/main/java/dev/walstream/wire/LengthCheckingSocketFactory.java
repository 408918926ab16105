package dev.walstream.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;

import javax.net.SocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * pgjdbc's {@code socketFactory} for walstream's connections: plain TCP sockets that fail a read
 * with an {@link OversizedMessageException} when the server announces a message longer than
 * {@value #MAX_MESSAGE_SIZE_PROPERTY} (default {@link #DEFAULT_MAX_MESSAGE_SIZE}), before pgjdbc
 * allocates a buffer of that length. Once TLS or GSS encryption starts, the bytes below it cannot be
 * read and are not checked.
 *
 * <p>Not meant to be named by applications: walstream sets it on the connections it opens, unless
 * the connection configuration names a {@code socketFactory} of its own.
 *
 * @since 0.1.0
 */
public final class LengthCheckingSocketFactory extends SocketFactory {

	/** The connection property that holds the limit, in bytes. */
	public static final String MAX_MESSAGE_SIZE_PROPERTY = "walstreamMaxMessageSize";

	/**
	 * One MiB above the longest message a PostgreSQL server can send: its output buffers
	 * ({@code StringInfo}) hold at most 1 GiB − 2 bytes, and the length field counts itself.
	 */
	public static final long DEFAULT_MAX_MESSAGE_SIZE = (1L << 30) + (1L << 20);

	private final long limit;

	/**
	 * Creates the factory the way pgjdbc does, with the connection's properties.
	 * @param properties the connection properties; {@value #MAX_MESSAGE_SIZE_PROPERTY} sets the limit
	 */
	public LengthCheckingSocketFactory(Properties properties) {
		String configured = properties.getProperty(MAX_MESSAGE_SIZE_PROPERTY);
		this.limit = (configured != null) ? Long.parseLong(configured) : DEFAULT_MAX_MESSAGE_SIZE;
	}

	@Override
	public Socket createSocket() {
		return new LengthCheckingSocket(this.limit);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket connected(InetSocketAddress remote, @Nullable InetSocketAddress local) throws IOException {
		Socket socket = createSocket();
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(remote);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

}
