package dev.walstream.stream;

/**
 * What the stream learned about the server and the role when it connected.
 *
 * @param versionNumber {@code server_version_num}, such as 170002
 * @param version {@code server_version}, such as {@code 17.2}
 * @param walLevel {@code wal_level}
 * @param walSenderTimeoutMillis {@code wal_sender_timeout} in milliseconds, 0 when disabled
 * @param user the role connected as
 * @param superuser whether the role is a superuser
 * @param replication whether the role has the REPLICATION attribute
 * @since 0.1.0
 */
public record ServerInfo(int versionNumber, String version, String walLevel, long walSenderTimeoutMillis, String user,
		boolean superuser, boolean replication) {

	/**
	 * Returns the major version.
	 * @return for example 17
	 */
	public int majorVersion() {
		return this.versionNumber / 10_000;
	}

	/**
	 * Returns the highest pgoutput protocol version the server speaks.
	 * @return 1 to 4
	 */
	public int maxProtocolVersion() {
		int major = majorVersion();
		if (major >= 16) {
			return 4;
		}
		if (major >= 15) {
			return 3;
		}
		return (major >= 14) ? 2 : 1;
	}

}
