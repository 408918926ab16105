package dev.walstream.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The first byte of each pgoutput message, with the protocol version that introduced it.
 *
 * @since 0.1.0
 */
public enum MessageTag {

	/** {@link LogicalReplicationMessage.Begin}. */
	BEGIN('B', 1, "Begin"),

	/** {@link LogicalReplicationMessage.Message}. */
	MESSAGE('M', 1, "Message"),

	/** {@link LogicalReplicationMessage.Commit}. */
	COMMIT('C', 1, "Commit"),

	/** {@link LogicalReplicationMessage.Origin}. */
	ORIGIN('O', 1, "Origin"),

	/** {@link LogicalReplicationMessage.Relation}. */
	RELATION('R', 1, "Relation"),

	/** {@link LogicalReplicationMessage.Type}. */
	TYPE('Y', 1, "Type"),

	/** {@link LogicalReplicationMessage.Insert}. */
	INSERT('I', 1, "Insert"),

	/** {@link LogicalReplicationMessage.Update}. */
	UPDATE('U', 1, "Update"),

	/** {@link LogicalReplicationMessage.Delete}. */
	DELETE('D', 1, "Delete"),

	/** {@link LogicalReplicationMessage.Truncate}. */
	TRUNCATE('T', 1, "Truncate"),

	/** {@link LogicalReplicationMessage.StreamStart}. */
	STREAM_START('S', 2, "StreamStart"),

	/** {@link LogicalReplicationMessage.StreamStop}. */
	STREAM_STOP('E', 2, "StreamStop"),

	/** {@link LogicalReplicationMessage.StreamCommit}. */
	STREAM_COMMIT('c', 2, "StreamCommit"),

	/** {@link LogicalReplicationMessage.StreamAbort}. */
	STREAM_ABORT('A', 2, "StreamAbort"),

	/** {@link LogicalReplicationMessage.BeginPrepare}. */
	BEGIN_PREPARE('b', 3, "BeginPrepare"),

	/** {@link LogicalReplicationMessage.Prepare}. */
	PREPARE('P', 3, "Prepare"),

	/** {@link LogicalReplicationMessage.CommitPrepared}. */
	COMMIT_PREPARED('K', 3, "CommitPrepared"),

	/** {@link LogicalReplicationMessage.RollbackPrepared}. */
	ROLLBACK_PREPARED('r', 3, "RollbackPrepared"),

	/** {@link LogicalReplicationMessage.StreamPrepare}. */
	STREAM_PREPARE('p', 3, "StreamPrepare");

	private static final MessageTag[] BY_BYTE = new MessageTag[128];

	static {
		for (MessageTag tag : values()) {
			BY_BYTE[tag.code] = tag;
		}
	}

	private final char code;

	private final int sinceVersion;

	private final String displayName;

	MessageTag(char code, int sinceVersion, String displayName) {
		this.code = code;
		this.sinceVersion = sinceVersion;
		this.displayName = displayName + " ('" + code + "')";
	}

	/**
	 * Returns the byte that starts the message.
	 * @return the tag byte
	 */
	public char code() {
		return this.code;
	}

	/**
	 * Returns the protocol version ({@code proto_version}) that introduced the message.
	 * @return 1 to 3
	 */
	public int sinceVersion() {
		return this.sinceVersion;
	}

	/**
	 * Returns the message's name with its tag, as errors print it.
	 * @return for example {@code Insert ('I')}
	 */
	public String displayName() {
		return this.displayName;
	}

	/**
	 * Returns the tag for a byte.
	 * @param code the first byte of a message
	 * @return the tag, or {@code null} if no pgoutput message starts with that byte
	 */
	public static @Nullable MessageTag forCode(int code) {
		return (code >= 0 && code < BY_BYTE.length) ? BY_BYTE[code] : null;
	}

}
