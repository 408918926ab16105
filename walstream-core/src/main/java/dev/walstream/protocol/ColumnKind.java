package dev.walstream.protocol;

import org.jspecify.annotations.Nullable;

/**
 * How one column of a {@link TupleData} is sent.
 *
 * @since 0.1.0
 */
public enum ColumnKind {

	/** SQL {@code NULL} ({@code 'n'}). */
	NULL('n'),

	/**
	 * A TOASTed value that the change did not touch, so the server did not send it ({@code 'u'}).
	 * Its value is unknown here: it is not {@code NULL}.
	 */
	UNCHANGED_TOAST('u'),

	/** A value in the type's text output format ({@code 't'}). */
	TEXT('t'),

	/** A value in the type's binary send format ({@code 'b'}), when the stream asked for binary. */
	BINARY('b');

	private static final ColumnKind[] BY_TAG = new ColumnKind[128];

	static {
		for (ColumnKind kind : values()) {
			BY_TAG[kind.tag] = kind;
		}
	}

	private final char tag;

	ColumnKind(char tag) {
		this.tag = tag;
	}

	/**
	 * Returns the byte that marks this kind on the wire.
	 * @return the tag, such as {@code 't'}
	 */
	public char tag() {
		return this.tag;
	}

	/**
	 * Whether a value follows the tag on the wire.
	 * @return {@code true} for {@link #TEXT} and {@link #BINARY}
	 */
	public boolean hasValue() {
		return this == TEXT || this == BINARY;
	}

	/**
	 * Returns the kind for a tag byte.
	 * @param tag the byte read from the wire
	 * @return the kind, or {@code null} if the byte is not a column tag
	 */
	static @Nullable ColumnKind forTag(int tag) {
		return (tag >= 0 && tag < BY_TAG.length) ? BY_TAG[tag] : null;
	}

}
