package dev.walstream.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A table's {@code REPLICA IDENTITY}: which old values its Update and Delete messages carry.
 *
 * @since 0.1.0
 */
public enum ReplicaIdentity {

	/** The primary key's columns ({@code 'd'}). */
	DEFAULT('d'),

	/** Nothing: updates and deletes carry no old values ({@code 'n'}). */
	NOTHING('n'),

	/** Every column ({@code 'f'}). */
	FULL('f'),

	/** The columns of a chosen unique index ({@code 'i'}). */
	INDEX('i');

	private final char code;

	ReplicaIdentity(char code) {
		this.code = code;
	}

	/**
	 * Returns the byte that stands for this setting on the wire.
	 * @return the code
	 */
	public char code() {
		return this.code;
	}

	/**
	 * Returns the setting for a byte.
	 * @param code the byte
	 * @return the setting, or {@code null} if the byte stands for none
	 */
	static @Nullable ReplicaIdentity forCode(int code) {
		for (ReplicaIdentity identity : values()) {
			if (identity.code == code) {
				return identity;
			}
		}
		return null;
	}

}
