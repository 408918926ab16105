package dev.walstream.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.walstream.decode.TypeDecoder;
import dev.walstream.protocol.ColumnKind;
import dev.walstream.protocol.TupleData;
import org.jspecify.annotations.Nullable;

/**
 * One row image of a change, with its columns in table order. Values are decoded from the received
 * bytes only when asked for, and each at most once.
 *
 * <p>A column whose large (TOASTed) value the change left untouched is not sent by the server; such
 * a column {@linkplain #isUnchangedToast(String) is reported as unchanged}, never as {@code NULL}.
 * Its value is known when the update also carries the whole old row (replica identity
 * {@code FULL}): then {@link #get(String)} returns the old value; otherwise it returns
 * {@link UnchangedToast#INSTANCE}.
 *
 * <p>Not thread-safe while values are being decoded; hand decoded values, not rows, to other threads
 * if several read the same row at once.
 *
 * @since 0.1.0
 */
public final class Row {

	/** Stands for a decoded SQL {@code NULL}, so that an empty slot means "not decoded yet". */
	private static final Object DECODED_NULL = new Object();

	private final RelationInfo relation;

	private final TupleData tuple;

	private final @Nullable TupleData previous;

	private Object @Nullable [] decoded;

	/**
	 * Creates a row over a tuple.
	 * @param relation the table the tuple belongs to
	 * @param tuple the tuple
	 * @param previous the whole old row of the same change, which holds the values of unchanged
	 * TOASTed columns, or {@code null}
	 */
	public Row(RelationInfo relation, TupleData tuple, @Nullable TupleData previous) {
		if (tuple.size() != relation.columns().size()) {
			throw new IllegalArgumentException("Tuple of " + tuple.size() + " columns does not match "
					+ relation.qualifiedName() + " with " + relation.columns().size() + " columns");
		}
		this.relation = relation;
		this.tuple = tuple;
		this.previous = (previous != null && previous.size() == tuple.size()) ? previous : null;
	}

	/** @return the table this row belongs to */
	public RelationInfo relation() {
		return this.relation;
	}

	/** @return the number of columns */
	public int size() {
		return this.tuple.size();
	}

	/** @return the column names, in table order */
	public List<String> columnNames() {
		return this.relation.columnNames();
	}

	/**
	 * Whether the row has a column.
	 * @param name the column's name
	 * @return {@code true} if the table publishes such a column
	 */
	public boolean contains(String name) {
		return this.relation.indexOf(name) >= 0;
	}

	/**
	 * Returns a column's decoded value.
	 * @param name the column's name
	 * @return the value (see {@link dev.walstream.decode.ValueDecoders} for the Java types),
	 * {@code null} for SQL {@code NULL}, or {@link UnchangedToast#INSTANCE}
	 * @throws IllegalArgumentException if there is no such column
	 */
	public @Nullable Object get(String name) {
		return get(indexOf(name));
	}

	/**
	 * Returns a column's decoded value.
	 * @param index the column's position, from 0
	 * @return the value, {@code null} for SQL {@code NULL}, or {@link UnchangedToast#INSTANCE}
	 */
	public @Nullable Object get(int index) {
		Object[] values = this.decoded;
		if (values == null) {
			values = new Object[size()];
			this.decoded = values;
		}
		Object value = values[index];
		if (value == null) {
			value = decode(index);
			values[index] = (value != null) ? value : DECODED_NULL;
			return value;
		}
		return (value != DECODED_NULL) ? value : null;
	}

	private @Nullable Object decode(int index) {
		TupleData source = this.tuple;
		if (source.isUnchangedToast(index)) {
			if (this.previous == null || !this.previous.kind(index).hasValue()) {
				return UnchangedToast.INSTANCE;
			}
			source = this.previous;
		}
		ColumnKind kind = source.kind(index);
		if (kind == ColumnKind.NULL) {
			return null;
		}
		TypeDecoder decoder = this.relation.decoder(index);
		boolean binary = kind == ColumnKind.BINARY;
		if (source.hasArray()) {
			return decoder.decode(binary, source.array(), source.arrayOffset(index), source.length(index));
		}
		byte[] bytes = source.bytes(index);
		return decoder.decode(binary, bytes, 0, bytes.length);
	}

	/**
	 * Returns a column's value as a given type: the decoded value if it is one, a number converted
	 * without loss to another number type, or the value's text for {@code String}.
	 * @param <T> the type
	 * @param name the column's name
	 * @param type the type's class
	 * @return the value, or {@code null} for SQL {@code NULL}
	 * @throws IllegalArgumentException if there is no such column, the column is an unchanged TOAST
	 * value, or the value cannot be converted
	 */
	public <T> @Nullable T get(String name, Class<T> type) {
		int index = indexOf(name);
		Object value = get(index);
		if (value == null) {
			return null;
		}
		if (value == UnchangedToast.INSTANCE && type != UnchangedToast.class) {
			throw new IllegalArgumentException("Column '" + name + "' of " + this.relation.qualifiedName()
					+ " is an unchanged TOAST value that the change did not carry; check isUnchangedToast first");
		}
		if (type.isInstance(value)) {
			return type.cast(value);
		}
		Object converted = convert(value, type);
		if (converted == null) {
			throw new IllegalArgumentException("Column '" + name + "' of " + this.relation.qualifiedName() + " holds a "
					+ value.getClass().getName() + " that cannot be converted to " + type.getName());
		}
		return type.cast(converted);
	}

	private @Nullable Object convert(Object value, Class<?> type) {
		if (type == String.class) {
			return value.toString();
		}
		if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
			BigDecimal exact = (number instanceof BigDecimal decimal) ? decimal : BigDecimal.valueOf(number.longValue());
			try {
				if (type == Long.class || type == long.class) {
					return exact.longValueExact();
				}
				if (type == Integer.class || type == int.class) {
					return exact.intValueExact();
				}
				if (type == Short.class || type == short.class) {
					return exact.shortValueExact();
				}
				if (type == BigInteger.class) {
					return exact.toBigIntegerExact();
				}
				if (type == BigDecimal.class) {
					return exact;
				}
			}
			catch (ArithmeticException ex) {
				return null;
			}
		}
		if (value instanceof Number number && (type == Double.class || type == double.class)) {
			return number.doubleValue();
		}
		return null;
	}

	/**
	 * Whether a column is SQL {@code NULL}.
	 * @param name the column's name
	 * @return {@code true} for {@code NULL}
	 */
	public boolean isNull(String name) {
		return this.tuple.isNull(indexOf(name));
	}

	/**
	 * Whether a column's TOASTed value was left untouched by the change and so not sent.
	 * @param name the column's name
	 * @return {@code true} for an unchanged TOAST value
	 */
	public boolean isUnchangedToast(String name) {
		return this.tuple.isUnchangedToast(indexOf(name));
	}

	/**
	 * Returns a column's value as the server sent it in text format, without decoding.
	 * @param name the column's name
	 * @return the text, or {@code null} for {@code NULL}, an unchanged TOAST value or a binary value
	 */
	public @Nullable String getText(String name) {
		int index = indexOf(name);
		return (this.tuple.kind(index) == ColumnKind.TEXT) ? this.tuple.text(index) : null;
	}

	/**
	 * Returns the tuple behind this row: the raw column kinds and bytes.
	 * @return the tuple
	 */
	public TupleData tuple() {
		return this.tuple;
	}

	/**
	 * Returns every column's decoded value by name, in table order.
	 * @return a new unmodifiable map; unchanged TOAST values appear as {@link UnchangedToast#INSTANCE}
	 * unless the old row supplied them
	 */
	public Map<String, @Nullable Object> asMap() {
		Map<String, @Nullable Object> map = new LinkedHashMap<>(size() * 2);
		List<String> names = columnNames();
		for (int i = 0; i < size(); i++) {
			map.put(names.get(i), get(i));
		}
		return Collections.unmodifiableMap(map);
	}

	private int indexOf(String name) {
		int index = this.relation.indexOf(name);
		if (index < 0) {
			throw new IllegalArgumentException("Table " + this.relation.qualifiedName() + " has no published column '"
					+ name + "'; columns are " + columnNames());
		}
		return index;
	}

	@Override
	public String toString() {
		return this.relation.qualifiedName() + asMap();
	}

}
