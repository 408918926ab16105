package dev.walstream.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

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

	static String decimal(SplittableRandom random) {
		return random.nextInt(100_000) + "." + String.format("%02d", random.nextInt(100));
	}

	static String timestamp(SplittableRandom random) {
		return String.format("2026-%02d-%02d %02d:%02d:%02d.%06d+00", 1 + random.nextInt(12), 1 + random.nextInt(28),
				random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000));
	}

}
