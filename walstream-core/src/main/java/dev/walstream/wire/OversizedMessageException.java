package dev.walstream.wire;

import java.io.IOException;

/**
 * A backend message that announces more bytes than the connection's limit, or fewer than its own
 * length field. Thrown by a read on a {@link LengthCheckingSocketFactory} socket before the reader
 * sees the length, so that pgjdbc does not allocate a buffer of it; pgjdbc reports it as a
 * connection failure with this exception as its cause.
 *
 * @since 0.1.0
 */
public final class OversizedMessageException extends IOException {

	private static final long serialVersionUID = 1L;

	private final byte messageType;

	private final long announcedLength;

	private final long limit;

	private final long connectionOffset;

	OversizedMessageException(byte messageType, long announcedLength, long limit, long connectionOffset) {
		super("The server's " + describeType(messageType) + " message at byte " + connectionOffset
				+ " of the connection announces " + announcedLength + " bytes (limit " + limit + ")");
		this.messageType = messageType;
		this.announcedLength = announcedLength;
		this.limit = limit;
		this.connectionOffset = connectionOffset;
	}

	/**
	 * Returns the message's type byte.
	 * @return for example {@code 'd'} for CopyData
	 */
	public byte getMessageType() {
		return this.messageType;
	}

	/**
	 * Returns the message type's name and tag.
	 * @return for example {@code CopyData ('d')}
	 */
	public String getMessageTypeName() {
		return describeType(this.messageType);
	}

	/**
	 * Returns the length the message announced, counting its own four bytes as the protocol does.
	 * @return the length, read as unsigned
	 */
	public long getAnnouncedLength() {
		return this.announcedLength;
	}

	/**
	 * Returns the largest length the connection accepts.
	 * @return the limit in bytes
	 */
	public long getLimit() {
		return this.limit;
	}

	/**
	 * Returns where the message starts.
	 * @return the offset of its type byte among the bytes the server sent on the connection
	 */
	public long getConnectionOffset() {
		return this.connectionOffset;
	}

	private static String describeType(byte type) {
		String name = switch (type) {
			case 'd' -> "CopyData";
			case 'D' -> "DataRow";
			case 'E' -> "ErrorResponse";
			case 'N' -> "NoticeResponse";
			case 'R' -> "Authentication";
			case 'S' -> "ParameterStatus";
			case 'T' -> "RowDescription";
			case 'C' -> "CommandComplete";
			case 'A' -> "NotificationResponse";
			case 'W' -> "CopyBothResponse";
			case 'H' -> "CopyOutResponse";
			case 'G' -> "CopyInResponse";
			case 'K' -> "BackendKeyData";
			case 'Z' -> "ReadyForQuery";
			case 't' -> "ParameterDescription";
			case 'v' -> "NegotiateProtocolVersion";
			case 'V' -> "FunctionCallResponse";
			default -> "backend";
		};
		String tag = (type >= 0x20 && type < 0x7f) ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
		return name + " (" + tag + ")";
	}

}
