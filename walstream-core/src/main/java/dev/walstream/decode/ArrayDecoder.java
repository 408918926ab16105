package dev.walstream.decode;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Arrays to immutable {@link java.util.List}s, nested once per dimension, elements decoded by the
 * element type's decoder and {@code NULL} elements kept as {@code null}. Lower bounds are
 * dropped: {@code [0:1]={a,b}} becomes {@code [a, b]}.
 * <p>
 * Text is the output of {@code array_out}: {@code {1,2}}, {@code {{1,2},{3,NULL}}},
 * {@code {"a,b","say \"hi\"",NULL,"NULL"}}, {@code [0:1]={7,8}}, {@code {}}, elements delimited
 * by the element type's {@code typdelim}. The binary form is a header (dimensions, flags, element
 * OID, then size and lower bound per dimension) followed by the elements, each a 32-bit length
 * ({@code -1} for {@code NULL}) and the element's send-function bytes; every count and length is
 * checked against the bytes that remain before anything is allocated.
 */
final class ArrayDecoder extends BuiltinDecoder {

	/** The server's {@code MAXDIM}. */
	private static final int MAX_DIMENSIONS = 6;

	private final TypeDecoder element;

	private final int elementOid;

	private final char delimiter;

	private final @Nullable ValueDecoders registry;

	/**
	 * Creates a decoder.
	 * @param typeName the array type's name, for errors
	 * @param element decodes the elements
	 * @param elementOid the element type expected in binary headers, or
	 * {@link PgTypeOids#INVALID}
	 * @param delimiter the element delimiter of the text form
	 * @param registry where to look up an element type other than the expected one that a
	 * binary header names, or {@code null} to use {@code element} whatever the header says
	 */
	ArrayDecoder(String typeName, TypeDecoder element, int elementOid, char delimiter,
			@Nullable ValueDecoders registry) {
		super(typeName);
		this.element = element;
		this.elementOid = elementOid;
		this.delimiter = delimiter;
		this.registry = registry;
	}

	@Override
	Object text(byte[] data, int offset, int length) {
		return new TextParser(data, offset, length).parse();
	}

	@Override
	Object binary(byte[] data, int offset, int length) {
		int end = offset + length;
		if (length < 12) {
			throw binaryError("has " + length + " bytes, fewer than the 12 of its header");
		}
		int dimensions = Bytes.readInt(data, offset);
		int flags = Bytes.readInt(data, offset + 4);
		int headerElementOid = Bytes.readInt(data, offset + 8);
		if (dimensions < 0 || dimensions > MAX_DIMENSIONS) {
			throw binaryError("has " + dimensions + " dimensions, outside 0 to " + MAX_DIMENSIONS);
		}
		if (flags != 0 && flags != 1) {
			throw binaryError("has invalid flags " + flags);
		}
		int p = offset + 12;
		if ((end - p) / 8 < dimensions) {
			throw binaryError("ends inside its dimensions");
		}
		int @Nullable [] sizes = (dimensions > 1) ? new int[dimensions] : null;
		long count = (dimensions == 0) ? 0 : 1;
		for (int i = 0; i < dimensions; i++) {
			int size = Bytes.readInt(data, p);
			if (size < 0) {
				throw binaryError("has a dimension of negative size " + size);
			}
			if (sizes != null) {
				sizes[i] = size;
			}
			count *= size;
			if (count > Integer.MAX_VALUE) {
				throw binaryError("announces more elements than an array can hold");
			}
			p += 8;
		}
		// each element takes at least its 4-byte length: refuse counts the bytes cannot hold
		if (count > (end - p) / 4) {
			throw binaryError("announces " + count + " elements but has only " + (end - p) + " bytes left");
		}
		if (count == 0) {
			if (p != end) {
				throw binaryError("has " + (end - p) + " bytes after its last element");
			}
			return ValueList.empty();
		}
		TypeDecoder decoder = elementDecoder(headerElementOid);
		@Nullable Object[] elements = new Object[(int) count];
		for (int i = 0; i < elements.length; i++) {
			if (end - p < 4) {
				throw binaryError("ends before element " + i);
			}
			int elementLength = Bytes.readInt(data, p);
			p += 4;
			if (elementLength == -1) {
				continue;
			}
			if (elementLength < 0 || elementLength > end - p) {
				throw binaryError("has element " + i + " of " + elementLength + " bytes but only " + (end - p)
						+ " bytes left");
			}
			elements[i] = decoder.decodeBinary(data, p, elementLength);
			p += elementLength;
		}
		if (p != end) {
			throw binaryError("has " + (end - p) + " bytes after its last element");
		}
		return (sizes != null) ? nest(elements, sizes) : new ValueList(elements, 0, elements.length);
	}

	private TypeDecoder elementDecoder(int headerElementOid) {
		if (headerElementOid == this.elementOid || this.registry == null) {
			return this.element;
		}
		return this.registry.resolve(headerElementOid);
	}

	/**
	 * Groups the elements, in row-major order, into lists of lists.
	 */
	private static ValueList nest(@Nullable Object[] elements, int[] sizes) {
		@Nullable Object[] current = elements;
		int currentCount = elements.length;
		for (int d = sizes.length - 1; d >= 1; d--) {
			int size = sizes[d];
			int groups = currentCount / size;
			Object[] next = new Object[groups];
			for (int g = 0; g < groups; g++) {
				next[g] = new ValueList(current, g * size, size);
			}
			current = next;
			currentCount = groups;
		}
		return new ValueList(current, 0, currentCount);
	}

	/**
	 * Reads one text array. Unquoted elements and quoted ones without backslashes are handed to
	 * the element decoder as views on the value; only elements with escapes are copied, into one
	 * scratch buffer per array.
	 */
	private final class TextParser {

		private final byte[] data;

		private final int offset;

		private final int end;

		private int p;

		private byte @Nullable [] scratch;

		TextParser(byte[] data, int offset, int length) {
			this.data = data;
			this.offset = offset;
			this.end = offset + length;
			this.p = offset;
		}

		Object parse() {
			skipWhitespace();
			if (this.p < this.end && this.data[this.p] == '[') {
				skipDimensions();
			}
			expect('{');
			ValueList list = level(1);
			skipWhitespace();
			if (this.p != this.end) {
				throw error("has unexpected characters after the array at index " + index());
			}
			return list;
		}

		/**
		 * Skips a decoration such as {@code [1:2][0:3]=} that gives lower bounds other than 1.
		 */
		private void skipDimensions() {
			int count = 0;
			while (this.p < this.end && this.data[this.p] == '[') {
				if (++count > MAX_DIMENSIONS) {
					throw error("has more than " + MAX_DIMENSIONS + " dimensions");
				}
				this.p++;
				bound();
				expect(':');
				bound();
				expect(']');
				skipWhitespace();
			}
			expect('=');
			skipWhitespace();
		}

		private void bound() {
			if (this.p < this.end && (this.data[this.p] == '-' || this.data[this.p] == '+')) {
				this.p++;
			}
			int start = this.p;
			while (this.p < this.end && Bytes.isDigit(this.data[this.p])) {
				this.p++;
			}
			if (this.p == start) {
				throw error("has a dimension bound without digits at index " + index());
			}
		}

		/**
		 * Reads the elements up to the closing brace of a level whose opening brace was read.
		 */
		private ValueList level(int depth) {
			if (depth > MAX_DIMENSIONS) {
				throw error("has more than " + MAX_DIMENSIONS + " dimensions");
			}
			skipWhitespace();
			if (this.p < this.end && this.data[this.p] == '}') {
				this.p++;
				return ValueList.empty();
			}
			@Nullable Object[] items = new Object[8];
			int count = 0;
			int nested = -1;
			while (true) {
				skipWhitespace();
				if (this.p >= this.end) {
					throw error("ends early");
				}
				Object item;
				boolean isList = this.data[this.p] == '{';
				if (isList) {
					this.p++;
					item = level(depth + 1);
				}
				else {
					item = element();
				}
				if (nested == -1) {
					nested = isList ? 1 : 0;
				}
				else if (nested != (isList ? 1 : 0)) {
					throw error("mixes elements and sub-arrays at index " + index());
				}
				if (count == items.length) {
					items = Arrays.copyOf(items, count * 2);
				}
				items[count++] = item;
				skipWhitespace();
				if (this.p >= this.end) {
					throw error("ends early");
				}
				byte b = this.data[this.p++];
				if (b == '}') {
					return new ValueList(items, 0, count);
				}
				if (b != this.delimiterByte()) {
					throw error("lacks a delimiter or '}' at index " + (index() - 1));
				}
			}
		}

		private @Nullable Object element() {
			if (this.data[this.p] == '"') {
				return quoted();
			}
			int start = this.p;
			byte delimiter = delimiterByte();
			// what array_out prints unquoted has no whitespace, braces, quotes or backslashes:
			// find its end with as few tests a byte as possible, and leave the rest to the full scan
			while (this.p < this.end) {
				byte b = this.data[this.p];
				if (b == delimiter || b == '}') {
					int length = this.p - start;
					if (length == 0) {
						break;
					}
					if (length == 4 && isNull(start)) {
						return null;
					}
					return ArrayDecoder.this.element.decodeText(this.data, start, length);
				}
				if ((b & 0xFF) <= ' ' || b == '{' || b == '"' || b == '\\') {
					break;
				}
				this.p++;
			}
			this.p = start;
			return elementWithWhitespaceOrEscapes();
		}

		private @Nullable Object elementWithWhitespaceOrEscapes() {
			int start = this.p;
			int lastSignificant = -1;
			boolean escaped = false;
			while (this.p < this.end) {
				byte b = this.data[this.p];
				if (b == delimiterByte() || b == '}') {
					break;
				}
				if (b == '{' || b == '"') {
					throw error("has an unexpected '" + (char) b + "' at index " + index());
				}
				if (b == '\\') {
					if (this.p + 1 >= this.end) {
						throw error("ends inside an escape");
					}
					escaped = true;
					this.p += 2;
					lastSignificant = this.p - 1;
					continue;
				}
				if (!isWhitespace(b)) {
					lastSignificant = this.p;
				}
				this.p++;
			}
			if (lastSignificant < 0) {
				throw error("has an empty element at index " + (start - this.offset));
			}
			int length = lastSignificant + 1 - start;
			if (!escaped) {
				if (length == 4 && isNull(start)) {
					return null;
				}
				return ArrayDecoder.this.element.decodeText(this.data, start, length);
			}
			return unescaped(start, length);
		}

		private @Nullable Object quoted() {
			int start = ++this.p;
			boolean escaped = false;
			while (true) {
				if (this.p >= this.end) {
					throw error("ends inside a quoted element");
				}
				byte b = this.data[this.p];
				if (b == '"') {
					break;
				}
				if (b == '\\') {
					escaped = true;
					this.p++;
					if (this.p >= this.end) {
						throw error("ends inside an escape");
					}
				}
				this.p++;
			}
			int length = this.p - start;
			this.p++;
			if (!escaped) {
				return ArrayDecoder.this.element.decodeText(this.data, start, length);
			}
			return unescaped(start, length);
		}

		/**
		 * Decodes an element after dropping the backslash of each escape.
		 */
		private @Nullable Object unescaped(int start, int length) {
			byte[] buffer = this.scratch;
			if (buffer == null) {
				buffer = new byte[this.end - this.offset];
				this.scratch = buffer;
			}
			int n = 0;
			for (int i = start; i < start + length; i++) {
				if (this.data[i] == '\\') {
					i++;
				}
				buffer[n++] = this.data[i];
			}
			return ArrayDecoder.this.element.decodeText(buffer, 0, n);
		}

		private boolean isNull(int start) {
			return (this.data[start] | 0x20) == 'n' && (this.data[start + 1] | 0x20) == 'u'
					&& (this.data[start + 2] | 0x20) == 'l' && (this.data[start + 3] | 0x20) == 'l';
		}

		private byte delimiterByte() {
			return (byte) ArrayDecoder.this.delimiter;
		}

		private void expect(char c) {
			if (this.p >= this.end || this.data[this.p] != c) {
				throw error("lacks '" + c + "' at index " + index());
			}
			this.p++;
		}

		private void skipWhitespace() {
			while (this.p < this.end && isWhitespace(this.data[this.p])) {
				this.p++;
			}
		}

		private int index() {
			return this.p - this.offset;
		}

		private ValueDecodingException error(String reason) {
			return textError(reason);
		}

	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
	}

}
