package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The columns of one row image in an Insert, Update or Delete message, as a view on the received
 * bytes: parsing a tuple records where each column starts (one {@code int} per column) and copies
 * nothing. Values are read or decoded only when asked for.
 *
 * <p>The view is valid for as long as the buffer the message was parsed from is not modified.
 *
 * @since 0.1.0
 */
public final class TupleData {

	private final ByteBuffer buffer;

	/** Absolute index in {@link #buffer} of each column's kind byte. */
	private final int[] columnStarts;

	TupleData(ByteBuffer buffer, int[] columnStarts) {
		this.buffer = buffer;
		this.columnStarts = columnStarts;
	}

	/**
	 * Parses a tuple at the reader's position: a 16-bit column count, then per column a kind byte
	 * and, for text and binary values, a 32-bit length and the bytes.
	 * @param reader the reader, left after the tuple
	 * @return the tuple
	 */
	static TupleData read(BufferReader reader) {
		int count = reader.readI16();
		if (count < 0 || count > reader.remaining()) {
			throw reader.error("column count " + count + " does not fit the " + reader.remaining() + " bytes that remain");
		}
		int[] starts = new int[count];
		for (int i = 0; i < count; i++) {
			starts[i] = reader.index();
			int tag = reader.readU8();
			ColumnKind kind = ColumnKind.forTag(tag);
			if (kind == null) {
				throw reader.errorAtPreviousByte("unknown kind " + describeByte(tag) + " for column " + i);
			}
			if (kind.hasValue()) {
				int length = reader.readI32();
				if (length < 0 || length > reader.remaining()) {
					reader.checkLength(length, "column " + i + " value");
				}
				reader.skip(length);
			}
		}
		return new TupleData(reader.buffer(), starts);
	}

	static String describeByte(int value) {
		return (value >= 0x20 && value < 0x7F) ? "'" + (char) value + "' (0x" + Integer.toHexString(value) + ")"
				: "0x" + Integer.toHexString(value);
	}

	/**
	 * Creates a tuple from column values, for tests and tools that build messages.
	 * @param columns the columns in table order
	 * @return the tuple
	 */
	public static TupleData of(List<ColumnValue> columns) {
		BufferWriter writer = new BufferWriter();
		writeColumns(writer, columns);
		ByteBuffer bytes = ByteBuffer.wrap(writer.toByteArray());
		return read(new BufferReader(bytes));
	}

	/**
	 * Creates a tuple from column values, for tests and tools that build messages.
	 * @param columns the columns in table order
	 * @return the tuple
	 */
	public static TupleData of(ColumnValue... columns) {
		return of(List.of(columns));
	}

	private static void writeColumns(BufferWriter writer, List<ColumnValue> columns) {
		writer.writeI16(columns.size());
		for (ColumnValue column : columns) {
			writer.writeU8(column.kind().tag());
			ByteBuffer data = column.data();
			if (data != null) {
				writer.writeI32(data.remaining());
				writer.writeBytes(data);
			}
		}
	}

	/**
	 * Writes this tuple in wire format.
	 * @param writer the writer to append to
	 */
	public void writeTo(BufferWriter writer) {
		writer.writeI16(size());
		for (int i = 0; i < size(); i++) {
			int start = this.columnStarts[i];
			writer.writeU8(this.buffer.get(start));
			if (kind(i).hasValue()) {
				writer.writeBytes(this.buffer.slice(start + 1, 4 + length(i)));
			}
		}
	}

	/**
	 * Returns the number of columns.
	 * @return the column count
	 */
	public int size() {
		return this.columnStarts.length;
	}

	/**
	 * Returns how a column was sent.
	 * @param index the column's position, from 0
	 * @return the kind
	 */
	public ColumnKind kind(int index) {
		return switch (this.buffer.get(this.columnStarts[index])) {
			case 'n' -> ColumnKind.NULL;
			case 'u' -> ColumnKind.UNCHANGED_TOAST;
			case 't' -> ColumnKind.TEXT;
			default -> ColumnKind.BINARY;
		};
	}

	/**
	 * Whether a column is SQL {@code NULL}.
	 * @param index the column's position, from 0
	 * @return {@code true} for {@link ColumnKind#NULL}
	 */
	public boolean isNull(int index) {
		return this.buffer.get(this.columnStarts[index]) == 'n';
	}

	/**
	 * Whether a column is a TOASTed value that the change left untouched, and so was not sent.
	 * @param index the column's position, from 0
	 * @return {@code true} for {@link ColumnKind#UNCHANGED_TOAST}
	 */
	public boolean isUnchangedToast(int index) {
		return this.buffer.get(this.columnStarts[index]) == 'u';
	}

	/**
	 * Returns the length of a column's value in bytes.
	 * @param index the column's position, from 0
	 * @return the length, or {@code -1} when the column carries no value
	 */
	public int length(int index) {
		int start = this.columnStarts[index];
		return kind(index).hasValue() ? this.buffer.getInt(start + 1) : -1;
	}

	/**
	 * Whether the values can be read straight from an array, through {@link #array()} and
	 * {@link #arrayOffset(int)}: true for messages read from a connection.
	 * @return {@code true} if the underlying buffer is a writable heap buffer
	 */
	public boolean hasArray() {
		return this.buffer.hasArray();
	}

	/**
	 * Returns the array holding the values, when {@link #hasArray()}.
	 * @return the backing array, shared: never modify it
	 */
	public byte[] array() {
		return this.buffer.array();
	}

	/**
	 * Returns where a column's value starts in {@link #array()}.
	 * @param index the column's position, from 0
	 * @return the offset of the value's first byte
	 */
	public int arrayOffset(int index) {
		return this.buffer.arrayOffset() + valueIndex(index);
	}

	private int valueIndex(int index) {
		return this.columnStarts[index] + 5;
	}

	/**
	 * Returns a read-only view of a column's value bytes.
	 * @param index the column's position, from 0
	 * @return the view, or {@code null} when the column carries no value
	 */
	public @Nullable ByteBuffer valueView(int index) {
		int length = length(index);
		return (length < 0) ? null : this.buffer.slice(valueIndex(index), length).asReadOnlyBuffer();
	}

	/**
	 * Returns a copy of a column's value bytes.
	 * @param index the column's position, from 0
	 * @return the bytes, or {@code null} when the column carries no value
	 */
	public byte @Nullable [] bytes(int index) {
		int length = length(index);
		if (length < 0) {
			return null;
		}
		byte[] copy = new byte[length];
		this.buffer.get(valueIndex(index), copy);
		return copy;
	}

	/**
	 * Returns a column's value bytes read as UTF-8, which is what a text-format value holds.
	 * @param index the column's position, from 0
	 * @return the text, or {@code null} when the column carries no value
	 */
	public @Nullable String text(int index) {
		int length = length(index);
		if (length < 0) {
			return null;
		}
		if (hasArray()) {
			return new String(array(), arrayOffset(index), length, StandardCharsets.UTF_8);
		}
		byte[] bytes = bytes(index);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Returns a column as a value object.
	 * @param index the column's position, from 0
	 * @return the column
	 */
	public ColumnValue column(int index) {
		return switch (kind(index)) {
			case NULL -> ColumnValue.NULL;
			case UNCHANGED_TOAST -> ColumnValue.UNCHANGED_TOAST;
			case TEXT, BINARY -> new ColumnValue(kind(index), valueView(index));
		};
	}

	/**
	 * Returns every column as a value object.
	 * @return the columns in table order
	 */
	public List<ColumnValue> columns() {
		List<ColumnValue> columns = new ArrayList<>(size());
		for (int i = 0; i < size(); i++) {
			columns.add(column(i));
		}
		return Collections.unmodifiableList(columns);
	}

	/**
	 * Two tuples are equal when their columns have the same kinds and bytes.
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof TupleData that) && columns().equals(that.columns());
	}

	@Override
	public int hashCode() {
		return columns().hashCode();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("TupleData[");
		for (int i = 0; i < size(); i++) {
			text.append((i > 0) ? ", " : "");
			switch (kind(i)) {
				case NULL -> text.append("null");
				case UNCHANGED_TOAST -> text.append("unchanged-toast");
				case TEXT -> text.append('\'').append(text(i)).append('\'');
				case BINARY -> text.append("binary(").append(length(i)).append(" bytes)");
			}
		}
		return text.append(']').toString();
	}

}
