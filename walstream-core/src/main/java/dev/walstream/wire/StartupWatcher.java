package dev.walstream.wire;

/**
 * Watches what the client writes first, to tell the {@link BackendFraming} which server bytes are
 * not messages. Before its startup message the client may send an SSLRequest or a GSSENCRequest
 * (eight bytes: the length 8 and the code 80877103 or 80877104), each answered by a single byte;
 * with direct TLS (PostgreSQL 17's {@code sslnegotiation=direct}) it starts with a TLS record
 * instead, and nothing after that is plain. The first packet that is neither ends the watch.
 */
final class StartupWatcher {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSSENC_REQUEST = 80877104;

	private static final int PACKET_HEAD = 8;

	/** The content type of a TLS handshake record: a startup packet's length never starts with it. */
	private static final int TLS_HANDSHAKE = 0x16;

	private final BackendFraming framing;

	private final byte[] head = new byte[PACKET_HEAD];

	private int headBytes;

	private boolean watching = true;

	StartupWatcher(BackendFraming framing) {
		this.framing = framing;
	}

	/**
	 * Looks at bytes the client is about to send.
	 * @param bytes the buffer
	 * @param from the first byte
	 * @param count how many
	 */
	void written(byte[] bytes, int from, int count) {
		int end = from + count;
		int position = from;
		while (this.watching && position < end) {
			// the requests are exactly eight bytes long: the next packet starts right after one
			this.head[this.headBytes++] = bytes[position++];
			if (this.headBytes == 1 && (this.head[0] & 0xff) == TLS_HANDSHAKE) {
				this.framing.encryptedFromStart();
				this.watching = false;
			}
			else if (this.headBytes == PACKET_HEAD) {
				packetHead();
			}
		}
	}

	private void packetHead() {
		this.headBytes = 0;
		int length = readInt(0);
		int code = readInt(4);
		if (length == PACKET_HEAD && (code == SSL_REQUEST || code == GSSENC_REQUEST)) {
			this.framing.expectNegotiationAnswer();
		}
		else {
			// the startup message (or a cancel request): from here on the server sends messages only
			this.watching = false;
		}
	}

	private int readInt(int at) {
		return ((this.head[at] & 0xff) << 24) | ((this.head[at + 1] & 0xff) << 16) | ((this.head[at + 2] & 0xff) << 8)
				| (this.head[at + 3] & 0xff);
	}

	/**
	 * Returns whether the client's writes still need watching.
	 * @return false once the startup message went out or the connection is encrypted
	 */
	boolean watching() {
		return this.watching && !this.framing.encrypted();
	}

}
