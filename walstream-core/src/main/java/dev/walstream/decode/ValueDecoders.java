package dev.walstream.decode;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The immutable registry of {@link TypeDecoder}s by type OID and, for user-defined types, by
 * qualified name: decodes column values as pgjdbc users expect them.
 * <p>
 * Resolve a column's decoder once, when its relation arrives, and call it per value:
 * <pre class="code">
 * ValueDecoders decoders = ValueDecoders.defaults()
 *     .withDecoder("public.mood", TypeDecoder.string())
 *     .withDecoder("public._mood", TypeDecoder.arrayOf(TypeDecoder.string()));
 * TypeDecoder decoder = decoders.resolve(column.typeOid(), qualifiedTypeNameOrNull);
 * Object value = decoder.decodeText(buffer, offset, length);
 * </pre>
 * <table>
 * <caption>Built-in types and the Java values they decode to</caption>
 * <tr><th>PostgreSQL type</th><th>text ({@code 't'})</th><th>binary ({@code 'b'})</th></tr>
 * <tr><td>{@code int2, int4, int8}</td><td colspan="2">{@code Short, Integer, Long}</td></tr>
 * <tr><td>{@code oid}</td><td colspan="2">{@code Long} (unsigned 32 bits)</td></tr>
 * <tr><td>{@code numeric}</td><td colspan="2">{@code BigDecimal} with the displayed scale;
 * {@code NaN, Infinity, -Infinity} as {@code Double.NaN}, {@code Double.POSITIVE_INFINITY},
 * {@code Double.NEGATIVE_INFINITY}, as pgjdbc's {@code getObject} returns them</td></tr>
 * <tr><td>{@code float4, float8}</td><td colspan="2">{@code Float, Double}, with {@code NaN}
 * and the infinities</td></tr>
 * <tr><td>{@code bool}</td><td colspan="2">{@code Boolean}</td></tr>
 * <tr><td>{@code text, varchar, bpchar, name, "char", xml, json, unknown, refcursor}</td>
 * <td colspan="2">{@code String} ({@code bpchar} keeps its padding)</td></tr>
 * <tr><td>{@code jsonb, jsonpath}</td><td colspan="2">{@code String}</td></tr>
 * <tr><td>{@code bytea}</td><td colspan="2">{@code byte[]} (hex or escape text format)</td></tr>
 * <tr><td>{@code uuid}</td><td colspan="2">{@code UUID}</td></tr>
 * <tr><td>{@code date}</td><td colspan="2">{@code LocalDate}; {@code infinity, -infinity} as
 * {@code LocalDate.MAX, MIN}; BC years as proleptic years ({@code 44 BC} is {@code -43})</td></tr>
 * <tr><td>{@code time}</td><td colspan="2">{@code LocalTime}; {@code 24:00:00} as
 * {@code LocalTime.MAX}</td></tr>
 * <tr><td>{@code timetz}</td><td colspan="2">{@code OffsetTime} with the stored offset</td></tr>
 * <tr><td>{@code timestamp}</td><td colspan="2">{@code LocalDateTime}; infinities as
 * {@code LocalDateTime.MAX, MIN}</td></tr>
 * <tr><td>{@code timestamptz}</td><td colspan="2">{@code OffsetDateTime} at UTC, whatever the
 * session's time zone; infinities as {@code OffsetDateTime.MAX, MIN}</td></tr>
 * <tr><td>{@code interval}</td><td colspan="2">pgjdbc's {@code PGInterval}; the infinite
 * intervals of PostgreSQL 17 as a {@code PGobject} of value {@code infinity} or
 * {@code -infinity}</td></tr>
 * <tr><td>{@code inet, cidr, macaddr, macaddr8, bit, varbit, pg_lsn}</td><td colspan="2">
 * {@code String}, the output function's text (computed from the binary form)</td></tr>
 * <tr><td>arrays of any type above or below</td><td colspan="2">{@code List}, nested per
 * dimension, {@code null} for {@code NULL} elements, lower bounds dropped</td></tr>
 * <tr><td>{@code money}, geometric types, ranges, multiranges, {@code tsvector, tsquery},
 * {@code xid, xid8, tid, cid}, {@code reg*} and other built-in types</td><td>{@code String}</td>
 * <td>{@code byte[]}, the bytes of the send function</td></tr>
 * <tr><td>enums, domains, composites, extension types (OID &ge; 16384) without a registered
 * decoder</td><td>{@code String}</td><td>{@code byte[]}, the bytes of the send function</td></tr>
 * </table>
 * Unlike pgjdbc's {@code getObject}, which returns {@code Integer} for {@code int2} and
 * {@code Timestamp} for {@code timestamptz}, the mapping gives each type its natural Java class.
 *
 * @since 0.1.0
 */
public final class ValueDecoders {

	private static final ValueDecoders DEFAULTS = new ValueDecoders(Collections.emptyMap(), Collections.emptyMap());

	private final Map<Integer, TypeDecoder> customByOid;

	private final Map<String, TypeDecoder> customByName;

	private final OidTable byOid;

	private ValueDecoders(Map<Integer, TypeDecoder> customByOid, Map<String, TypeDecoder> customByName) {
		this.customByOid = customByOid;
		this.customByName = customByName;
		Map<Integer, TypeDecoder> table = builtins();
		table.putAll(customByOid);
		for (int arrayOid : PgTypeOids.arrayOids()) {
			if (!customByOid.containsKey(arrayOid)) {
				int elementOid = PgTypeOids.elementOf(arrayOid);
				TypeDecoder element = table.getOrDefault(elementOid, FallbackDecoder.INSTANCE);
				table.put(arrayOid, new ArrayDecoder(PgTypeOids.displayName(arrayOid), element, elementOid,
						PgTypeOids.arrayDelimiter(elementOid), this));
			}
		}
		this.byOid = new OidTable(table);
	}

	/**
	 * Returns the registry of the built-in decoders, tabled above.
	 * @return the default registry
	 */
	public static ValueDecoders defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a registry that decodes the type of the given OID with the given decoder, in place
	 * of any built-in one. Arrays of built-in element types use it for their elements. Suits
	 * built-in types and user-defined types whose OID is known; for the latter, prefer
	 * {@link #withDecoder(String, TypeDecoder)}, since their OIDs differ between databases.
	 * @param oid the type's OID
	 * @param decoder decodes the type's values
	 * @return a new registry; this one is unchanged
	 */
	public ValueDecoders withDecoder(int oid, TypeDecoder decoder) {
		if (oid == PgTypeOids.INVALID) {
			throw new IllegalArgumentException("OID 0 is not a type");
		}
		Map<Integer, TypeDecoder> byOid = new LinkedHashMap<>(this.customByOid);
		byOid.put(oid, decoder);
		return new ValueDecoders(Collections.unmodifiableMap(byOid), this.customByName);
	}

	/**
	 * Returns a registry that decodes the user-defined type of the given name with the given
	 * decoder. The name is the namespace and the name of the type, joined by a dot and not
	 * quoted, as {@code pgoutput} sends them in its Type message: {@code public.mood},
	 * {@code public.hstore}, {@code public._mood} for the array type of {@code mood}. A decoder
	 * registered for the type's OID takes precedence.
	 * @param qualifiedTypeName the type's {@code namespace.name}
	 * @param decoder decodes the type's values
	 * @return a new registry; this one is unchanged
	 */
	public ValueDecoders withDecoder(String qualifiedTypeName, TypeDecoder decoder) {
		int dot = qualifiedTypeName.indexOf('.');
		if (dot <= 0 || dot == qualifiedTypeName.length() - 1) {
			throw new IllegalArgumentException(
					"Type name '" + qualifiedTypeName + "' is not qualified as namespace.name");
		}
		Map<String, TypeDecoder> byName = new HashMap<>(this.customByName);
		byName.put(qualifiedTypeName, decoder);
		return new ValueDecoders(this.customByOid, Collections.unmodifiableMap(byName));
	}

	/**
	 * Returns the decoder for a type known by OID only.
	 * @param oid the type's OID
	 * @return the registered or built-in decoder, or {@link TypeDecoder#fallback()}
	 */
	public TypeDecoder resolve(int oid) {
		TypeDecoder decoder = this.byOid.get(oid);
		return (decoder != null) ? decoder : TypeDecoder.fallback();
	}

	/**
	 * Returns the decoder for a type: the one registered for its OID, else the one registered for
	 * its name, else the built-in one, else {@link TypeDecoder#fallback()} (text as a
	 * {@code String}, binary as a {@code byte[]}).
	 * @param oid the type's OID
	 * @param qualifiedTypeName the type's {@code namespace.name} from {@code pgoutput}'s Type
	 * message, or {@code null} if none arrived (as for built-in types)
	 * @return the decoder
	 */
	public TypeDecoder resolve(int oid, @Nullable String qualifiedTypeName) {
		TypeDecoder decoder = this.byOid.get(oid);
		if (decoder == null && qualifiedTypeName != null) {
			decoder = this.customByName.get(qualifiedTypeName);
		}
		return (decoder != null) ? decoder : TypeDecoder.fallback();
	}

	/**
	 * Decodes a value in text format.
	 * @param oid the value's type OID
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value of the type
	 */
	public @Nullable Object decodeText(int oid, byte[] data, int offset, int length) {
		return resolve(oid).decodeText(data, offset, length);
	}

	/**
	 * Decodes a value in binary format.
	 * @param oid the value's type OID
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value of the type
	 */
	public @Nullable Object decodeBinary(int oid, byte[] data, int offset, int length) {
		return resolve(oid).decodeBinary(data, offset, length);
	}

	private static Map<Integer, TypeDecoder> builtins() {
		Map<Integer, TypeDecoder> table = new HashMap<>(256);
		table.put(PgTypeOids.BOOL, NumberDecoders.BOOL);
		table.put(PgTypeOids.INT2, NumberDecoders.INT2);
		table.put(PgTypeOids.INT4, NumberDecoders.INT4);
		table.put(PgTypeOids.INT8, NumberDecoders.INT8);
		table.put(PgTypeOids.OID, NumberDecoders.OID);
		table.put(PgTypeOids.FLOAT4, NumberDecoders.FLOAT4);
		table.put(PgTypeOids.FLOAT8, NumberDecoders.FLOAT8);
		table.put(PgTypeOids.NUMERIC, NumericDecoder.INSTANCE);
		table.put(PgTypeOids.PG_LSN, NumberDecoders.PG_LSN);
		for (int oid : new int[] { PgTypeOids.TEXT, PgTypeOids.VARCHAR, PgTypeOids.BPCHAR, PgTypeOids.NAME,
				PgTypeOids.XML, PgTypeOids.JSON, PgTypeOids.UNKNOWN, PgTypeOids.REFCURSOR }) {
			table.put(oid, new StringDecoder(PgTypeOids.displayName(oid)));
		}
		table.put(PgTypeOids.CHAR, TextDecoders.CHAR);
		table.put(PgTypeOids.BYTEA, TextDecoders.BYTEA);
		table.put(PgTypeOids.UUID, TextDecoders.UUID);
		table.put(PgTypeOids.JSONB, TextDecoders.JSONB);
		table.put(PgTypeOids.JSONPATH, TextDecoders.JSONPATH);
		table.put(PgTypeOids.DATE, DateTimeDecoders.DATE);
		table.put(PgTypeOids.TIME, DateTimeDecoders.TIME);
		table.put(PgTypeOids.TIMETZ, DateTimeDecoders.TIMETZ);
		table.put(PgTypeOids.TIMESTAMP, DateTimeDecoders.TIMESTAMP);
		table.put(PgTypeOids.TIMESTAMPTZ, DateTimeDecoders.TIMESTAMPTZ);
		table.put(PgTypeOids.INTERVAL, IntervalDecoder.INSTANCE);
		table.put(PgTypeOids.INET, NetworkDecoders.INET);
		table.put(PgTypeOids.CIDR, NetworkDecoders.CIDR);
		table.put(PgTypeOids.MACADDR, NetworkDecoders.MACADDR);
		table.put(PgTypeOids.MACADDR8, NetworkDecoders.MACADDR8);
		table.put(PgTypeOids.BIT, NetworkDecoders.BIT);
		table.put(PgTypeOids.VARBIT, NetworkDecoders.VARBIT);
		return table;
	}

}
