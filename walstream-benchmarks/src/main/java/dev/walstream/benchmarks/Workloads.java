package dev.walstream.benchmarks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.walstream.decode.PgTypeOids;
import dev.walstream.protocol.ColumnValue;
import dev.walstream.protocol.LogicalReplicationMessage;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.Update;
import dev.walstream.protocol.LogicalReplicationMessage.Relation;
import dev.walstream.protocol.LogicalReplicationWriter;
import dev.walstream.protocol.ReplicaIdentity;
import dev.walstream.protocol.TupleData;

/**
 * Realistic pgoutput change messages, with values printed as PostgreSQL's output functions print
 * them, encoded once into heap buffers that look like what pgjdbc's replication stream returns.
 */
public enum Workloads {

	/** Inserts of 5 columns: int4, int8, numeric, text, timestamptz. */
	NARROW_INSERT {
		@Override
		LogicalReplicationMessage message(SplittableRandom random) {
			return new Insert(0, RELATION_ID, narrowRow(random));
		}
	},

	/** Inserts of 30 columns of mixed types: numeric, timestamptz, jsonb, uuid, arrays, text. */
	WIDE_INSERT {
		@Override
		LogicalReplicationMessage message(SplittableRandom random) {
			List<ColumnValue> columns = new ArrayList<>();
			for (int group = 0; group < 5; group++) {
				columns.add(ColumnValue.text(Integer.toString(random.nextInt(1_000_000))));
				columns.add(ColumnValue.text(decimal(random)));
				columns.add(ColumnValue.text(timestamp(random)));
				columns.add(ColumnValue.text("{\"sku\": \"A-" + random.nextInt(10_000) + "\", \"qty\": " + random.nextInt(50)
						+ ", \"tags\": [\"x\", \"y\"]}"));
				columns.add(ColumnValue.text(new UUID(random.nextLong(), random.nextLong()).toString()));
				columns.add(ColumnValue.text("{" + random.nextInt(100) + "," + random.nextInt(100) + "," + random.nextInt(100)
						+ "}"));
			}
			return new Insert(0, RELATION_ID, TupleData.of(columns));
		}
	},

	/**
	 * Inserts into the end-to-end benchmark's {@code wide} table: an id and 30 columns of int2/4/8,
	 * bool, float4/8, three numerics, two timestamptz, timestamp, date, time, two jsonb, json, two
	 * uuid, text, varchar, char, int[], text[], numeric[], bytea and interval, a NULL in one row of
	 * five; values as the server prints those of the table's generating expressions.
	 */
	WIDE_MIXED {
		@Override
		LogicalReplicationMessage message(SplittableRandom random) {
			return new Insert(0, RELATION_ID, TupleData.of(wideMixedRow(1 + random.nextInt(500_000), random)));
		}
	},

	/** Updates of 5 columns with the whole old row (REPLICA IDENTITY FULL). */
	UPDATE_FULL {
		@Override
		LogicalReplicationMessage message(SplittableRandom random) {
			return new Update(0, RELATION_ID, null, narrowRow(random), narrowRow(random));
		}
	},

	/** Inserts with a 4 kB text value among 4 small columns. */
	LARGE_TEXT {
		@Override
		LogicalReplicationMessage message(SplittableRandom random) {
			StringBuilder text = new StringBuilder(4096);
			while (text.length() < 4096) {
				text.append("lorem ipsum dolor sit amet ").append(random.nextInt(1000)).append(' ');
			}
			return new Insert(0, RELATION_ID,
					TupleData.of(ColumnValue.text(Integer.toString(random.nextInt())), ColumnValue.text(timestamp(random)),
							ColumnValue.text(text.substring(0, 4096)), ColumnValue.NULL, ColumnValue.text("t")));
		}
	};

	static final int RELATION_ID = 16_390;

	// type OIDs, as in pg_type
	private static final int BOOL = 16;

	private static final int INT8 = 20;

	private static final int INT4 = 23;

	private static final int TEXT = 25;

	private static final int TIMESTAMPTZ = 1184;

	private static final int NUMERIC = 1700;

	private static final int UUID_OID = 2950;

	private static final int JSONB = 3802;

	private static final int INT4_ARRAY = 1007;

	abstract LogicalReplicationMessage message(SplittableRandom random);

	/**
	 * Returns the Relation message that describes the table of this workload's messages, with the
	 * column types the values were printed from.
	 * @return the Relation message
	 */
	public Relation relation() {
		int[] types = switch (this) {
			case NARROW_INSERT, UPDATE_FULL -> new int[] { INT4, INT8, NUMERIC, TEXT, TIMESTAMPTZ };
			case WIDE_INSERT -> {
				int[] wide = new int[30];
				for (int group = 0; group < 5; group++) {
					System.arraycopy(new int[] { INT4, NUMERIC, TIMESTAMPTZ, JSONB, UUID_OID, INT4_ARRAY }, 0, wide, group * 6, 6);
				}
				yield wide;
			}
			case WIDE_MIXED -> new int[] { INT8, INT4, INT8, PgTypeOids.INT2, BOOL, PgTypeOids.FLOAT8, PgTypeOids.FLOAT4,
					NUMERIC, NUMERIC, NUMERIC, TIMESTAMPTZ, TIMESTAMPTZ, PgTypeOids.TIMESTAMP, PgTypeOids.DATE,
					PgTypeOids.TIME, JSONB, JSONB, PgTypeOids.JSON, UUID_OID, UUID_OID, TEXT, PgTypeOids.VARCHAR, TEXT,
					PgTypeOids.BPCHAR, INT4_ARRAY, PgTypeOids.TEXT_ARRAY, PgTypeOids.NUMERIC_ARRAY, PgTypeOids.BYTEA,
					PgTypeOids.INTERVAL, INT8 };
			case LARGE_TEXT -> new int[] { INT4, TIMESTAMPTZ, TEXT, TEXT, BOOL };
		};
		List<Relation.Column> columns = new ArrayList<>();
		for (int i = 0; i < types.length; i++) {
			columns.add(new Relation.Column((i == 0) ? 1 : 0, "c" + i, types[i], -1));
		}
		return new Relation(0, RELATION_ID, "public", name().toLowerCase(java.util.Locale.ROOT),
				(this == UPDATE_FULL) ? ReplicaIdentity.FULL : ReplicaIdentity.DEFAULT, columns);
	}

	/**
	 * Encodes {@code count} messages of this workload, each in its own heap buffer.
	 * @param count the number of messages
	 * @return the encoded messages
	 */
	public ByteBuffer[] encode(int count) {
		SplittableRandom random = new SplittableRandom(42);
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(1);
		ByteBuffer[] messages = new ByteBuffer[count];
		for (int i = 0; i < count; i++) {
			ByteBuffer readOnly = writer.encode(message(random));
			byte[] bytes = new byte[readOnly.remaining()];
			readOnly.get(bytes);
			messages[i] = ByteBuffer.wrap(bytes);
		}
		return messages;
	}

	static TupleData narrowRow(SplittableRandom random) {
		return TupleData.of(ColumnValue.text(Integer.toString(random.nextInt(100_000_000))),
				ColumnValue.text(Long.toString(random.nextLong(10_000_000_000L))), ColumnValue.text(decimal(random)),
				ColumnValue.text("status-" + random.nextInt(10) + " note " + random.nextInt(1_000_000)),
				ColumnValue.text(timestamp(random)));
	}

	/**
	 * The columns of row {@code g} of the end-to-end {@code wide} table, printed as the server's
	 * output functions print them; md5 hashes are random hex.
	 */
	static ColumnValue[] wideMixedRow(long g, SplittableRandom random) {
		LocalDateTime epoch = LocalDateTime.of(2026, 1, 1, 0, 0);
		String md5 = hex(random, 16);
		String nextMd5 = hex(random, 16);
		return new ColumnValue[] { text(g), text(g * 31 % 1_000_000), text(g * 1_000_003), text(g % 30_000),
				ColumnValue.text((g % 2 == 0) ? "t" : "f"), ColumnValue.text(shortest(BigDecimal.valueOf(g).multiply(new BigDecimal("0.0015")).doubleValue())),
				ColumnValue.text(shortest((float) ((g % 1000) / 7.0))),
				ColumnValue.text(BigDecimal.valueOf(g).multiply(new BigDecimal("12.3456")).toPlainString()),
				ColumnValue.text(BigDecimal.valueOf(g % 100_000).divide(BigDecimal.valueOf(3), 2, RoundingMode.HALF_UP)
					.toPlainString()),
				ColumnValue.text(divideAsServer(g, 7)),
				ColumnValue.text(timestamp(epoch.plusNanos(g * 1_234_567_000L)) + "+00"),
				ColumnValue.text(timestamp(epoch.minusMinutes(g * 17)) + "+00"),
				ColumnValue.text(timestamp(epoch.plusNanos(g * 3_500_000_000L))),
				ColumnValue.text(LocalDate.of(2026, 1, 1).plusDays(g % 3650).toString()),
				ColumnValue.text(timestamp(epoch.plusNanos(g * 1_500_000_000L)).substring(11)),
				ColumnValue.text("{\"qty\": " + (g % 50) + ", \"sku\": \"A-" + (g % 10_000) + "\", \"tags\": [\"x\", \"y\"]}"),
				ColumnValue.text("{\"id\": " + g + ", \"nested\": {\"a\": " + (g % 7) + ", \"b\": \"text " + g + "\"}}"),
				ColumnValue.text("{\"k\" : " + g + ", \"v\" : \"value " + g + "\"}"),
				ColumnValue.text(uuid(md5)), ColumnValue.text(uuid(nextMd5)), ColumnValue.text("customer " + g),
				ColumnValue.text(md5.substring(0, 20)),
				(g % 5 == 0) ? ColumnValue.NULL : ColumnValue.text("comment number " + g),
				ColumnValue.text(String.format("%08d", g % 1000)),
				ColumnValue.text("{" + (g % 100) + "," + (g % 7) + "," + (g % 13) + "}"),
				ColumnValue.text("{a" + (g % 10) + ",b" + (g % 20) + "}"),
				ColumnValue.text("{" + divideAsServer(g % 100, 8) + ",1.5}"), ColumnValue.text("\\x" + md5),
				ColumnValue.text(String.format("%02d:%02d:00", g / 60, g % 60)), text(g * 2) };
	}

	private static ColumnValue text(long value) {
		return ColumnValue.text(Long.toString(value));
	}

	/** As {@code float8out}/{@code float4out} for values between 1e-4 and 1e15: no {@code .0}. */
	private static String shortest(double value) {
		String text = (value == (float) value && value != Math.rint(value)) ? Float.toString((float) value)
				: Double.toString(value);
		return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
	}

	/** {@code a::numeric / b} with the result scale of the server's {@code select_div_scale}. */
	private static String divideAsServer(long a, long b) {
		int weight = (a == 0) ? 0 : (Long.toString(a).length() - 1) / 4;
		long firstDigit = a / (long) Math.pow(10_000, weight);
		int quotientWeight = weight - ((firstDigit < b) ? 1 : 0);
		int scale = Math.max(16 - 4 * quotientWeight, 0);
		return BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), scale, RoundingMode.HALF_UP).toPlainString();
	}

	/** As {@code timestamp_out} with {@code DateStyle=ISO}: trailing zeros of the fraction dropped. */
	private static String timestamp(LocalDateTime time) {
		String text = String.format("%s %02d:%02d:%02d", time.toLocalDate(), time.getHour(), time.getMinute(),
				time.getSecond());
		if (time.getNano() == 0) {
			return text;
		}
		String fraction = String.format("%06d", time.getNano() / 1000).replaceAll("0+$", "");
		return text + "." + fraction;
	}

	private static String hex(SplittableRandom random, int bytes) {
		StringBuilder sb = new StringBuilder(2 * bytes);
		for (int i = 0; i < bytes; i++) {
			sb.append(String.format("%02x", random.nextInt(256)));
		}
		return sb.toString();
	}

	private static String uuid(String hex) {
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

	static String decimal(SplittableRandom random) {
		return random.nextInt(100_000) + "." + String.format("%02d", random.nextInt(100));
	}

	static String timestamp(SplittableRandom random) {
		return String.format("2026-%02d-%02d %02d:%02d:%02d.%06d+00", 1 + random.nextInt(12), 1 + random.nextInt(28),
				random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000));
	}

}
