package dev.walstream.decode;

import java.util.AbstractList;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * An immutable list over a range of an array that nobody else writes to: the decoded elements
 * of one array dimension. Unlike {@code List.of} it holds {@code null}s, and a multi-dimensional
 * array shares one element array among all its innermost lists.
 */
final class ValueList extends AbstractList<@Nullable Object> implements RandomAccess {

	private static final ValueList EMPTY = new ValueList(new Object[0], 0, 0);

	private final @Nullable Object[] elements;

	private final int from;

	private final int size;

	ValueList(@Nullable Object[] elements, int from, int size) {
		this.elements = elements;
		this.from = from;
		this.size = size;
	}

	static ValueList empty() {
		return EMPTY;
	}

	@Override
	public @Nullable Object get(int index) {
		if (index < 0 || index >= this.size) {
			throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + this.size);
		}
		return this.elements[this.from + index];
	}

	@Override
	public int size() {
		return this.size;
	}

}
