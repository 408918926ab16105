package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One column of a tuple as it came from the wire: its kind and, for {@link ColumnKind#TEXT} and
 * {@link ColumnKind#BINARY}, a read-only view of its bytes. For decoding without allocation use
 * {@link TupleData}'s indexed accessors instead.
 *
 * @param kind how the column was sent
 * @param data the value's bytes, or {@code null} for {@link ColumnKind#NULL} and
 * {@link ColumnKind#UNCHANGED_TOAST}
 * @since 0.1.0
 */
public record ColumnValue(ColumnKind kind, @Nullable ByteBuffer data) {

	/** The {@code NULL} column. */
	public static final ColumnValue NULL = new ColumnValue(ColumnKind.NULL, null);

	/** A column whose TOASTed value the change left untouched. */
	public static final ColumnValue UNCHANGED_TOAST = new ColumnValue(ColumnKind.UNCHANGED_TOAST, null);

	/**
	 * Validates that data is present exactly when the kind carries a value.
	 */
	public ColumnValue {
		if (kind.hasValue() != (data != null)) {
			throw new IllegalArgumentException("A " + kind + " column " + (kind.hasValue() ? "needs" : "has no") + " data");
		}
	}

	/**
	 * Creates a text-format value.
	 * @param text the value as the type's output function prints it
	 * @return the column
	 */
	public static ColumnValue text(String text) {
		return new ColumnValue(ColumnKind.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
	}

	/**
	 * Creates a binary-format value.
	 * @param bytes the value as the type's send function writes it
	 * @return the column
	 */
	public static ColumnValue binary(byte[] bytes) {
		return new ColumnValue(ColumnKind.BINARY, ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer());
	}

	/**
	 * Returns a copy of the value's bytes.
	 * @return the bytes, or {@code null} when the column carries no value
	 */
	public byte @Nullable [] bytes() {
		if (this.data == null) {
			return null;
		}
		byte[] copy = new byte[this.data.remaining()];
		this.data.get(this.data.position(), copy);
		return copy;
	}

	/**
	 * Returns the value's bytes read as UTF-8, which is what a text-format value holds.
	 * @return the text, or {@code null} when the column carries no value
	 */
	public @Nullable String asText() {
		byte[] bytes = bytes();
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

}
