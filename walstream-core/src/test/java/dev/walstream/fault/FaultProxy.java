package dev.walstream.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on the loopback interface between a consumer and PostgreSQL that injects network
 * faults: it forwards, stalls every connection without closing it (a blackhole: what a dead router,
 * a suspended VM or a half-open NAT entry looks like to both ends), resets connections after a given
 * number of bytes from the server (possibly in the middle of a message), slows every connection down
 * (latency in both directions and a bandwidth cap on what the server sends), and
 * diverts new connections to another server, such as a {@link FakeWalsender}.
 *
 * <p>Plain blocking sockets, two daemon threads per connection, at most {@value #MAX_LINKS}
 * connections at a time.
 */
final class FaultProxy implements AutoCloseable {

	private static final int MAX_LINKS = 32;

	private final ServerSocket listener;

	private final Thread acceptor;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final Object stateLock = new Object();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger cuts = new AtomicInteger();

	/** Bytes from the server still to forward before the armed cut; -1 when no cut is armed. */
	private final AtomicLong cutRemaining = new AtomicLong(-1);

	/** Whether the armed cut stalls (blackholes) rather than resets. */
	private volatile boolean cutStalls;

	private final InetSocketAddress target;

	private volatile @Nullable InetSocketAddress diverted;

	private volatile int divertAfter;

	private volatile boolean blackholed;

	/** Delay added before each chunk is forwarded, either way, in nanoseconds; 0 for none. */
	private volatile long delayNanos;

	/** Bandwidth cap on bytes from the server, in bytes a second; 0 for none. */
	private volatile long bytesPerSecond;

	private final AtomicLong bytesFromServer = new AtomicLong();

	private volatile boolean closed;

	private FaultProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + this.listener.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Starts a proxy that forwards to a server.
	 * @param host the server's host
	 * @param port the server's port
	 * @return the running proxy
	 * @throws IOException if no local port is free
	 */
	static FaultProxy start(String host, int port) throws IOException {
		return new FaultProxy(new InetSocketAddress(host, port));
	}

	/** @return the loopback port consumers connect to */
	int port() {
		return this.listener.getLocalPort();
	}

	/** @return the loopback address consumers connect to */
	String host() {
		return this.listener.getInetAddress().getHostAddress();
	}

	/** @return how many connections the proxy accepted so far */
	int connectionsAccepted() {
		return this.accepted.get();
	}

	/** @return how many connections the proxy reset with an armed cut */
	int cuts() {
		return this.cuts.get();
	}

	/** @return how many connections are open now */
	int openConnections() {
		return this.links.size();
	}

	/**
	 * Stops forwarding in both directions on every connection, current and new, without closing
	 * any: bytes are read and held, then the kernel's buffers fill up.
	 */
	void blackhole() {
		this.blackholed = true;
	}

	/** Forwards again, held bytes first. */
	void heal() {
		synchronized (this.stateLock) {
			this.blackholed = false;
			this.stateLock.notifyAll();
		}
	}

	/**
	 * Arms a cut: after {@code bytes} more bytes from the server, the connection carrying them is
	 * reset (RST to both ends) and the cut disarms.
	 * @param bytes how many bytes to forward first
	 */
	void cutAfter(long bytes) {
		this.cutStalls = false;
		this.cutRemaining.set(bytes);
	}

	/**
	 * Arms a stall: after {@code bytes} more bytes from the server, the proxy {@linkplain #blackhole()
	 * blackholes}, so the consumer may be left with part of a message.
	 * @param bytes how many bytes to forward first
	 */
	void stallAfter(long bytes) {
		this.cutStalls = true;
		this.cutRemaining.set(bytes);
	}

	/** Disarms a cut or stall that has not happened yet. */
	void disarm() {
		this.cutRemaining.set(-1);
	}

	/**
	 * Slows every connection, current and new: each chunk read is forwarded {@code delay} later
	 * (both ways, chunks in flight overlapping), and the server's bytes at most
	 * {@code bytesPerSecond} a second, in slices of at most 1 KB. A throttled connection takes no
	 * more cuts or stalls.
	 * @param delay the delay a chunk, like the latency of a long link
	 * @param bytesPerSecond the bandwidth from the server, 0 for unlimited
	 */
	void throttle(java.time.Duration delay, long bytesPerSecond) {
		this.delayNanos = delay.toNanos();
		this.bytesPerSecond = bytesPerSecond;
	}

	/** Stops {@linkplain #throttle slowing} connections. */
	void unthrottle() {
		this.delayNanos = 0;
		this.bytesPerSecond = 0;
	}

	/** @return how many bytes from servers were forwarded so far */
	long bytesFromServer() {
		return this.bytesFromServer.get();
	}

	/** @return whether the proxy is blackholing */
	boolean isBlackholed() {
		return this.blackholed;
	}

	/** @return whether an armed cut has not happened yet */
	boolean cutPending() {
		return this.cutRemaining.get() >= 0;
	}

	/**
	 * Sends new connections to another server once {@code afterConnections} connections were
	 * accepted in all; current ones stay where they are.
	 * @param host the host
	 * @param port the port
	 * @param afterConnections how many connections still go to the first server
	 */
	void divert(String host, int port, int afterConnections) {
		this.diverted = new InetSocketAddress(host, port);
		this.divertAfter = afterConnections;
	}

	/** Resets every open connection. */
	void resetAll() {
		this.links.forEach(Link::reset);
	}

	@Override
	public void close() {
		this.closed = true;
		heal();
		closeQuietly(this.listener);
		resetAll();
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				if (this.links.size() >= MAX_LINKS) {
					reset(client);
					continue;
				}
				int number = this.accepted.incrementAndGet();
				InetSocketAddress elsewhere = this.diverted;
				Socket server = new Socket();
				try {
					server.connect((elsewhere != null && number > this.divertAfter) ? elsewhere : this.target, 5_000);
				}
				catch (IOException ex) {
					reset(client);
					continue;
				}
				Link link = new Link(client, server);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				// closed, or a connection failed while being accepted: the loop condition decides
			}
		}
	}

	private void awaitForwarding() throws InterruptedException {
		synchronized (this.stateLock) {
			while (this.blackholed && !this.closed) {
				this.stateLock.wait();
			}
		}
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// already closed
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing is all that is left to do
		}
	}

	private record Chunk(long due, byte[] bytes) {

	}

	/** One proxied connection: a pump thread each way. */
	private final class Link {

		private final Socket client;

		private final Socket server;

		Link(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void start() {
			startPump(this.client, this.server, false, "up");
			startPump(this.server, this.client, true, "down");
		}

		private void startPump(Socket from, Socket to, boolean fromServer, String direction) {
			Thread pump = new Thread(() -> pump(from, to, fromServer),
					"fault-proxy-" + direction + "-" + this.client.getPort());
			pump.setDaemon(true);
			pump.start();
		}

		private void pump(Socket from, Socket to, boolean fromServer) {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				DelayLine line = null;
				while ((read = in.read(buffer)) >= 0) {
					awaitForwarding();
					if (line != null || FaultProxy.this.delayNanos > 0 || FaultProxy.this.bytesPerSecond > 0) {
						// throttled: from now on this direction goes through a delay line (no cuts)
						if (line == null) {
							line = new DelayLine(out, fromServer);
						}
						line.put(Arrays.copyOf(buffer, read));
						continue;
					}
					int cutAt = fromServer ? forwardUntilCut(buffer, read, out) : -1;
					if (cutAt >= 0 && !FaultProxy.this.cutStalls) {
						FaultProxy.this.cuts.incrementAndGet();
						reset();
						return;
					}
					if (cutAt >= 0) {
						FaultProxy.this.cuts.incrementAndGet();
						blackhole();
						awaitForwarding();
						out.write(buffer, cutAt, read - cutAt);
					}
					if (!fromServer) {
						out.write(buffer, 0, read);
					}
					out.flush();
				}
				close();
			}
			catch (IOException | InterruptedException ex) {
				reset();
			}
		}

		/**
		 * Forwards server bytes up to an armed cut; returns the offset in the buffer where the cut
		 * falls, or -1 if none did (everything was forwarded).
		 */
		private int forwardUntilCut(byte[] buffer, int length, OutputStream out) throws IOException {
			AtomicLong remaining = FaultProxy.this.cutRemaining;
			while (true) {
				long left = remaining.get();
				if (left < 0) {
					write(out, buffer, 0, length);
					return -1;
				}
				if (left >= length) {
					if (remaining.compareAndSet(left, left - length)) {
						write(out, buffer, 0, length);
						return -1;
					}
				}
				else if (remaining.compareAndSet(left, -1)) {
					write(out, buffer, 0, (int) left);
					out.flush();
					return (int) left;
				}
			}
		}

		/** Writes server bytes, within the bandwidth cap if one is set. */
		private void write(OutputStream out, byte[] buffer, int offset, int length) throws IOException {
			int position = offset;
			int end = offset + length;
			while (position < end) {
				long rate = FaultProxy.this.bytesPerSecond;
				int slice = (rate > 0) ? Math.min(end - position, 1024) : end - position;
				out.write(buffer, position, slice);
				position += slice;
				FaultProxy.this.bytesFromServer.addAndGet(slice);
				if (rate > 0) {
					out.flush();
					// the cap itself: the time these bytes take on a link of that bandwidth
					LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(slice) / rate);
				}
			}
		}

		/**
		 * A link with latency and limited bandwidth: each chunk is forwarded {@code delay} after it
		 * was read, chunks in flight overlap as on a real link, and at most 1 MB is in flight (then
		 * the reading side waits, as a sender waits for a full window).
		 */
		private final class DelayLine {

			private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(64);

			private final OutputStream out;

			private final boolean fromServer;

			DelayLine(OutputStream out, boolean fromServer) {
				this.out = out;
				this.fromServer = fromServer;
				Thread writer = new Thread(this::run, "fault-proxy-line-" + Link.this.client.getPort());
				writer.setDaemon(true);
				writer.start();
			}

			void put(byte[] bytes) throws InterruptedException {
				this.chunks.put(new Chunk(System.nanoTime() + FaultProxy.this.delayNanos, bytes));
			}

			private void run() {
				try {
					while (!FaultProxy.this.closed) {
						Chunk chunk = this.chunks.poll(100, TimeUnit.MILLISECONDS);
						if (chunk == null) {
							continue;
						}
						long wait = chunk.due() - System.nanoTime();
						if (wait > 0) {
							// the latency being simulated, not synchronisation
							LockSupport.parkNanos(wait);
						}
						if (this.fromServer) {
							write(this.out, chunk.bytes(), 0, chunk.bytes().length);
						}
						else {
							this.out.write(chunk.bytes());
						}
						this.out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					reset();
				}
			}

		}

		void reset() {
			FaultProxy.this.links.remove(this);
			FaultProxy.reset(this.client);
			FaultProxy.reset(this.server);
		}

		void close() {
			FaultProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.server);
		}

	}

}
