package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PGobject;

import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PgVersion;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.PostgresServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoders against a real server, on every supported major version: for each sample
 * expression the server provides the text form (its output function, through {@code format('%s')},
 * in the session settings of a replication connection) and the binary form (its send function, as
 * {@code bytea}), and both must decode to what pgjdbc's {@code ResultSet} returns for the same
 * expression, or to the documented mapping where walstream's differs.
 */
@EmbeddedPostgres
class ValueDecodersIT {

	/** Zones whose offsets have minutes, seconds (local mean time before 1893) and both signs. */
	private static final List<String> TIME_ZONES = List.of("UTC", "Europe/Berlin", "America/Sao_Paulo",
			"Asia/Kolkata", "Pacific/Chatham");

	private static final ValueDecoders DECODERS = ValueDecoders.defaults();

	private static final List<Sample> SAMPLES = samples();

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void decodersShouldAgreeWithPgjdbc(PgVersion version, PostgresServers servers) throws SQLException {
		PostgresServer server = servers.get(version);
		String database = "decode_" + Integer.toHexString(ThreadLocalRandom.current().nextInt() >>> 1);
		server.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
		SoftAssertions softly = new SoftAssertions();
		int checked = 0;
		try (Connection connection = server.connect(database)) {
			// as the replication connection: extra_float_digits not set by pgjdbc, so the server's 1
			execute(connection, "SET extra_float_digits = 1; SET DateStyle = ISO; SET IntervalStyle = postgres;"
					+ " SET bytea_output = hex");
			for (String zone : TIME_ZONES) {
				execute(connection, "SET TimeZone = '" + zone + "'");
				assertThat((String) queryOne(connection, "SHOW TimeZone", (result) -> result.getString(1)))
					.isEqualTo(zone);
				for (Sample sample : SAMPLES) {
					if (version.major() < sample.minVersion()) {
						continue;
					}
					check(softly, connection, sample, zone);
					checked++;
				}
			}
			// the legacy bytea format a subscriber's database may still be configured for
			execute(connection, "SET bytea_output = escape");
			for (Sample sample : SAMPLES) {
				if (sample.expression().contains("bytea")) {
					check(softly, connection, sample, "bytea_output=escape");
					checked++;
				}
			}
		}
		softly.assertAll();
		assertThat(checked).isGreaterThan(SAMPLES.size());
	}

	/**
	 * The walsender prints intervals in the {@code IntervalStyle} of the server, database or role,
	 * so every style can reach the decoder: each must decode as the send function's bytes do (which
	 * {@link #decodersShouldAgreeWithPgjdbc} checks against pgjdbc).
	 */
	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void intervalTextShouldDecodeAsItsBinaryInEveryIntervalStyle(PgVersion version, PostgresServers servers)
			throws SQLException {
		List<String> intervals = List.of("'1 year 2 mons 3 days 04:05:06.789'", "'-1 year -2 months +3 days -04:05:06'",
				"'-00:00:00.5'", "'0'", "'100 hours'", "'1 day -00:00:00.000001'", "'178000000 years'",
				"'-3 days -04:05:06.5'", "'-1 mons'", "'1 sec'", "'-1 sec'", "'1 year -1 sec'", "'-1 year 1 day'",
				"'2 days 1 sec'", "'2147483647 hours 59 minutes 59.999999 seconds'");
		SoftAssertions softly = new SoftAssertions();
		int checked = 0;
		try (Connection connection = servers.get(version).connect()) {
			for (String style : List.of("postgres", "postgres_verbose", "sql_standard", "iso_8601")) {
				execute(connection, "SET IntervalStyle = " + style);
				for (String interval : intervals) {
					String expression = interval + "::interval";
					String text = queryOne(connection, "SELECT format('%s', " + expression + ")",
							(result) -> result.getString(1));
					byte[] binary = queryOne(connection, "SELECT interval_send(" + expression + ")",
							(result) -> result.getBytes(1));
					byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
					softly.assertThat(DECODERS.decodeText(PgTypeOids.INTERVAL, textBytes, 0, textBytes.length))
						.as("%s in %s: '%s'", expression, style, text)
						.isEqualTo(DECODERS.decodeBinary(PgTypeOids.INTERVAL, binary, 0, binary.length));
					checked++;
				}
			}
		}
		softly.assertAll();
		assertThat(checked).isEqualTo(4 * 15);
	}

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void builtInTypeTableShouldMatchTheCatalog(PgVersion version, PostgresServers servers) throws SQLException {
		SoftAssertions softly = new SoftAssertions();
		int arrays = 0;
		try (Connection connection = servers.get(version).connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT oid, typname, typarray, typdelim FROM pg_type"
						+ " WHERE oid < 10000 AND typarray <> 0 AND typtype IN ('b', 'r', 'm')")) {
			while (result.next()) {
				int oid = result.getInt(1);
				String name = result.getString(2);
				if (PgTypeOids.typeName(oid) == null && name.startsWith("pg_")) {
					continue; // internal types such as pg_node_tree are not column types
				}
				softly.assertThat(PgTypeOids.typeName(oid)).as("name of %d", oid).isEqualTo(name);
				softly.assertThat(PgTypeOids.arrayOf(oid)).as("array of %s", name).isEqualTo(result.getInt(3));
				softly.assertThat(PgTypeOids.elementOf(result.getInt(3))).as("element of %s[]", name).isEqualTo(oid);
				softly.assertThat(PgTypeOids.arrayDelimiter(oid))
					.as("delimiter of %s", name)
					.isEqualTo(result.getString(4).charAt(0));
				arrays++;
			}
		}
		softly.assertAll();
		assertThat(arrays).isEqualTo(PgTypeOids.arrayOids().length);
	}

	private static void check(SoftAssertions softly, Connection connection, Sample sample, String zone)
			throws SQLException {
		String description = sample.expression() + " in " + zone;
		int oid;
		String send;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT t.oid, t.typsend::regproc::text FROM pg_type t"
						+ " WHERE t.oid = pg_typeof(" + sample.expression() + ")::oid")) {
			result.next();
			oid = result.getInt(1);
			send = result.getString(2);
		}
		String text = queryOne(connection, "SELECT format('%s', v) FROM (SELECT " + sample.expression() + " AS v) s",
				(result) -> result.getString(1));
		byte[] binary = queryOne(connection, "SELECT " + send + "(v) FROM (SELECT " + sample.expression()
				+ " AS v) s", (result) -> result.getBytes(1));
		Object expectedText = sample.text().expected(connection, sample.expression());
		Object expectedBinary = (sample.binary() != null) ? sample.binary().expected(connection, sample.expression())
				: expectedText;
		byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
		String textDescription = "text '" + text + "' of " + description;
		try {
			softly.assertThat(comparable(DECODERS.decodeText(oid, textBytes, 0, textBytes.length)))
				.as(textDescription)
				.isEqualTo(comparable(expectedText));
		}
		catch (RuntimeException ex) {
			softly.fail(textDescription + " threw " + ex);
		}
		String binaryDescription = "binary " + HexFormat.of().formatHex(binary) + " of " + description;
		try {
			softly.assertThat(comparable(DECODERS.decodeBinary(oid, binary, 0, binary.length)))
				.as(binaryDescription)
				.isEqualTo(comparable((expectedBinary == SEND_BYTES) ? binary : expectedBinary));
		}
		catch (RuntimeException ex) {
			softly.fail(binaryDescription + " threw " + ex);
		}
	}

	/** Marks a binary expectation that is the send function's bytes themselves. */
	private static final Object SEND_BYTES = new Object();

	private static List<Sample> samples() {
		List<Sample> samples = new ArrayList<>();
		ColumnReader getObject = (result) -> result.getObject(1);
		ColumnReader getString = (result) -> result.getString(1);
		Oracle object = column(getObject);
		Oracle string = column(getString);
		Oracle sendBytes = (connection, expression) -> SEND_BYTES;
		for (String value : List.of("-32768", "32767", "0")) {
			// pgjdbc's getObject returns Integer for int2; walstream returns Short
			samples.add(new Sample("'" + value + "'::int2", column((result) -> result.getShort(1))));
		}
		for (String value : List.of("'-2147483648'::int4", "42::int4", "'-9223372036854775808'::int8",
				"'9223372036854775807'::int8", "'4294967295'::oid", "0::oid", "0::numeric", "0.000::numeric",
				"-12.3400::numeric", "123456789.0123456789::numeric", "'NaN'::numeric", "1e-20::numeric",
				"12345678901234567890123456789::numeric", "0.0001::numeric", "10000::numeric", "-0.5::numeric",
				"(repeat('9', 500) || '.' || repeat('1', 300))::numeric", "1e1000::numeric", "3.14::float4",
				"'NaN'::float4", "'-Infinity'::float4", "'1e-45'::float4", "'3.4028235e38'::float4",
				"'-0'::float4", "0.1::float8", "1e300::float8", "'4.9e-324'::float8", "'NaN'::float8",
				"'Infinity'::float8", "'-0'::float8", "1.2345678901234567::float8", "'32925972.7766317'::float8",
				"true", "false", "'\\x0001ff'::bytea", "''::bytea", "'\\x005c7f80ff41'::bytea",
				"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
				"'1 year 2 mons 3 days 04:05:06.789'::interval", "'-1 year -2 months +3 days -04:05:06'::interval",
				"'-00:00:00.5'::interval", "'0'::interval", "'100 hours'::interval",
				"'1 day -00:00:00.000001'::interval", "'178000000 years'::interval", "1::numeric / 7",
				"142857::numeric / 7", "(12 % 100)::numeric / 8", "(999 / 7.0)::float4", "'16777217'::float4",
				"'-3 days -04:05:06.5'::interval", "'-1 mons'::interval", "'8333:20:00'::interval")) {
			samples.add(new Sample(value, object));
		}
		samples.add(new Sample("'Infinity'::numeric", object, 14));
		samples.add(new Sample("'-Infinity'::numeric", object, 14));
		for (String value : List.of("'Grüße, 世界! \uD83D\uDE00'::text", "''::text", "'back\\slash \"q\"'::text",
				"'ab'::varchar(5)", "'ab'::bpchar(5)", "'pg_catalog'::name", "'a'::\"char\"", "''::\"char\"",
				"'{\"a\": [1, 2]}'::json", "'{\"b\": 1, \"a\": [1, \"x\"]}'::jsonb", "'$.a[*] ? (@ > 1)'::jsonpath",
				"'<a>1</a>'::xml", "'192.168.0.1/24'::inet", "'10.1.2.3'::inet", "'::ffff:1.2.3.4'::inet",
				"'2001:db8:85a3::8a2e:370:7334'::inet", "'fe80::1/64'::inet", "'10.0.0.0/8'::cidr",
				"'2001:db8::/32'::cidr", "'08:00:2b:01:02:03'::macaddr", "'08:00:2b:01:02:03:04:05'::macaddr8",
				"B'10110'::bit(5)", "B'101101011'::varbit", "''::varbit", "'16/B374D848'::pg_lsn")) {
			samples.add(new Sample(value, string));
		}
		samples.add(new Sample("chr(200)::\"char\"", string, 15));
		for (String value : List.of("12.34::money", "'(1,2)'::point", "box '(1,1),(0,0)'", "'[1,5)'::int4range",
				"'{[1,2), [5,6)}'::int4multirange", "'a fat cat'::tsvector", "'42'::xid",
				"'pg_class'::regclass")) {
			samples.add(new Sample(value, string, sendBytes, 14));
		}
		for (String value : List.of("'2000-01-01'::date", "'0044-03-15 BC'::date", "'infinity'::date",
				"'-infinity'::date", "'5874897-12-31'::date", "'4713-01-01 BC'::date", "'2024-02-29'::date")) {
			samples.add(new Sample(value, column((result) -> result.getObject(1, LocalDate.class))));
		}
		for (String value : List.of("'12:34:56.789'::time", "'24:00:00'::time", "'00:00:00'::time",
				"'23:59:59.999999'::time")) {
			samples.add(new Sample(value, column((result) -> result.getObject(1, LocalTime.class))));
		}
		for (String value : List.of("'12:00:00.123+05:30'::timetz", "'00:00:00+00'::timetz",
				"'23:59:59.999999-03:00:15'::timetz")) {
			samples.add(new Sample(value, column((result) -> result.getObject(1, OffsetTime.class))));
		}
		// pgjdbc reads 24:00:00 as OffsetTime.MAX, dropping the offset; walstream keeps it
		samples.add(new Sample("'24:00:00-03:00:15'::timetz",
				documented(OffsetTime.of(LocalTime.MAX, ZoneOffset.ofHoursMinutesSeconds(-3, 0, -15)))));
		// pgjdbc reads the infinite intervals of PostgreSQL 17 as empty PGIntervals
		samples.add(new Sample("'infinity'::interval", documented(infiniteInterval("infinity")), 17));
		samples.add(new Sample("'-infinity'::interval", documented(infiniteInterval("-infinity")), 17));
		for (String value : List.of("'2000-01-01 00:00:00'::timestamp", "'1999-12-31 23:59:59.999999'::timestamp",
				"'0044-03-15 12:00:00 BC'::timestamp", "'infinity'::timestamp", "'-infinity'::timestamp",
				"'294276-12-31 23:59:59.999999'::timestamp", "'4713-01-01 00:00:00 BC'::timestamp")) {
			samples.add(new Sample(value, column((result) -> result.getObject(1, LocalDateTime.class))));
		}
		for (String value : List.of("'2020-06-01 12:34:56.5+00'::timestamptz",
				"'0044-03-15 12:00:00+00 BC'::timestamptz", "'1800-01-01 00:00:00+00'::timestamptz",
				"'1900-01-01 00:00:00+00'::timestamptz", "'infinity'::timestamptz", "'-infinity'::timestamptz",
				"'2024-03-31 01:30:00+00'::timestamptz", "'294276-12-31 23:59:59.999999+00'::timestamptz")) {
			samples.add(new Sample(value, column((result) -> result.getObject(1, OffsetDateTime.class))));
		}
		for (String value : List.of("'{1,2,3}'::int4[]", "'{{1,2},{3,NULL}}'::int4[]", "'{}'::int4[]",
				"'{{{1,2},{3,4}},{{5,6},{7,8}}}'::int8[]", "'[0:1]={a,\"b,c\"}'::text[]",
				"ARRAY['a\"b', 'c\\d', '', 'NULL', ' x ', NULL, 'ü世']::text[]", "'{t,f,NULL}'::bool[]",
				"'{1.5,NaN,-Infinity}'::float8[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]",
				"'{{a,b},{c,d}}'::varchar[]")) {
			samples.add(new Sample(value, array()));
		}
		samples.add(new Sample("'{1.5,NaN,NULL,-0.000}'::numeric[]", elements(getObject)));
		samples.add(new Sample("'{2024-02-29,infinity,NULL,0044-03-15 BC}'::date[]",
				elements((result) -> result.getObject(1, LocalDate.class))));
		samples.add(new Sample("ARRAY['2020-06-01 12:34:56.5+00', '-infinity']::timestamptz[]",
				elements((result) -> result.getObject(1, OffsetDateTime.class))));
		samples.add(new Sample("ARRAY['{\"a\": 1}', '[1, \"x,y\"]']::jsonb[]", elements(getString)));
		samples.add(new Sample("ARRAY['\\x00ff', '\\x']::bytea[]", elements((result) -> result.getBytes(1))));
		samples.add(new Sample("ARRAY['1 day'::interval, NULL]", elements(getObject)));
		samples.add(new Sample("ARRAY[box '(1,1),(0,0)', box '(2,2),(1,1)']", elements(getString),
				elements(sendBytesOfElements()), 14));
		return samples;
	}

	private static Oracle documented(Object expected) {
		return (connection, expression) -> expected;
	}

	private static PGobject infiniteInterval(String value) {
		try {
			PGobject object = new PGobject();
			object.setType("interval");
			object.setValue(value);
			return object;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Makes values comparable with {@code equals}: lists element by element, byte arrays by content.
	 */
	private static @Nullable Object comparable(@Nullable Object value) {
		if (value instanceof byte[]) {
			return "bytes " + HexFormat.of().formatHex((byte[]) value);
		}
		if (value instanceof List) {
			List<@Nullable Object> list = new ArrayList<>();
			for (Object element : (List<?>) value) {
				list.add(comparable(element));
			}
			return list;
		}
		return value;
	}

	private static Oracle column(ColumnReader reader) {
		return (connection, expression) -> queryOne(connection, "SELECT " + expression, reader);
	}

	/**
	 * pgjdbc's {@code getArray()}, converted to nested lists.
	 */
	private static Oracle array() {
		return column((result) -> {
			Array array = result.getArray(1);
			return toList(array.getArray());
		});
	}

	/**
	 * The elements of a one-dimensional array, each read by the given reader.
	 */
	private static Oracle elements(ColumnReader reader) {
		return (connection, expression) -> {
			List<@Nullable Object> list = new ArrayList<>();
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(
							"SELECT e FROM unnest(" + expression + ") WITH ORDINALITY AS t(e, n) ORDER BY n")) {
				while (result.next()) {
					result.getObject(1);
					list.add(result.wasNull() ? null : reader.read(result));
				}
			}
			return list;
		};
	}

	private static ColumnReader sendBytesOfElements() {
		return (result) -> queryOne(result.getStatement().getConnection(),
				"SELECT box_send('" + result.getString(1) + "'::box)", (send) -> send.getBytes(1));
	}

	private static @Nullable Object toList(@Nullable Object value) {
		if (value instanceof Object[]) {
			List<@Nullable Object> list = new ArrayList<>();
			for (Object element : (Object[]) value) {
				list.add(toList(element));
			}
			return list;
		}
		return value;
	}

	private static <T> T queryOne(Connection connection, String sql, ColumnReader reader) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).as(sql).isTrue();
			@SuppressWarnings("unchecked")
			T value = (T) reader.read(result);
			return value;
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * An expression of one type, and how pgjdbc reads the values walstream must decode it to.
	 * @param expression the SQL expression
	 * @param text the expected value of the text form
	 * @param binary the expected value of the binary form, or {@code null} for the same as text
	 * @param minVersion the first major version that has the value
	 */
	private record Sample(String expression, Oracle text, @Nullable Oracle binary, int minVersion) {

		Sample(String expression, Oracle both) {
			this(expression, both, null, 14);
		}

		Sample(String expression, Oracle both, int minVersion) {
			this(expression, both, null, minVersion);
		}

	}

	@FunctionalInterface
	private interface Oracle {

		@Nullable Object expected(Connection connection, String expression) throws SQLException;

	}

	@FunctionalInterface
	private interface ColumnReader {

		@Nullable Object read(ResultSet result) throws SQLException;

	}

}
