package dev.walstream.spring.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.walstream.Lsn;
import dev.walstream.decode.ValueDecoders;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.ColumnInfo;
import dev.walstream.event.EventType;
import dev.walstream.event.RelationInfo;
import dev.walstream.event.Row;
import dev.walstream.protocol.ColumnValue;
import dev.walstream.protocol.ReplicaIdentity;
import dev.walstream.protocol.TupleData;

/**
 * Builds change events without a server: rows of text columns decoded by the default decoders.
 */
public final class Events {

	/** OID of {@code int8}. */
	public static final int INT8 = 20;

	/** OID of {@code int4}. */
	public static final int INT4 = 23;

	/** OID of {@code text}. */
	public static final int TEXT = 25;

	public static final Instant COMMIT_TIME = Instant.parse("2026-01-02T03:04:05Z");

	private Events() {
	}

	/**
	 * A table with {@code id int8} (the key), {@code customer_name text} and {@code quantity int4}.
	 */
	public static RelationInfo orders(String schema, String table) {
		return new RelationInfo(16384, schema, table, ReplicaIdentity.DEFAULT,
				List.of(new ColumnInfo("id", INT8, -1, null, true), new ColumnInfo("customer_name", TEXT, -1, null, false),
						new ColumnInfo("quantity", INT4, -1, null, false)),
				ValueDecoders.defaults());
	}

	public static Row row(RelationInfo relation, String... texts) {
		List<ColumnValue> values = new ArrayList<>();
		for (String text : texts) {
			values.add((text != null) ? ColumnValue.text(text) : ColumnValue.NULL);
		}
		return new Row(relation, TupleData.of(values), null);
	}

	public static ChangeEvent begin(long xid, long commitLsn) {
		return new ChangeEvent(new EventType.Begin(null), Lsn.of(commitLsn), xid, COMMIT_TIME, 0);
	}

	public static ChangeEvent insert(long xid, long commitLsn, int ordinal, Row row) {
		return new ChangeEvent(new EventType.Insert(row.relation().schema(), row.relation().table(), row),
				Lsn.of(commitLsn), xid, COMMIT_TIME, ordinal);
	}

	public static ChangeEvent update(long xid, long commitLsn, int ordinal, Row oldRow, Row newRow) {
		return new ChangeEvent(new EventType.Update(newRow.relation().schema(), newRow.relation().table(), oldRow,
				newRow, List.of("id")), Lsn.of(commitLsn), xid, COMMIT_TIME, ordinal);
	}

	public static ChangeEvent delete(long xid, long commitLsn, int ordinal, Row oldRow) {
		return new ChangeEvent(new EventType.Delete(oldRow.relation().schema(), oldRow.relation().table(), oldRow,
				List.of("id")), Lsn.of(commitLsn), xid, COMMIT_TIME, ordinal);
	}

	public static ChangeEvent truncate(long xid, long commitLsn, int ordinal, String... tables) {
		return new ChangeEvent(new EventType.Truncate(List.of(tables), false, false), Lsn.of(commitLsn), xid,
				COMMIT_TIME, ordinal);
	}

	public static ChangeEvent message(long xid, long lsn, String prefix, String content) {
		return new ChangeEvent(new EventType.Message(prefix, content.getBytes(), xid != 0), Lsn.of(lsn), xid,
				COMMIT_TIME, 0);
	}

	public static ChangeEvent commit(long xid, long commitLsn, int ordinal) {
		return new ChangeEvent(new EventType.Commit(Lsn.of(commitLsn + 48)), Lsn.of(commitLsn), xid, COMMIT_TIME,
				ordinal);
	}

	/** Column values of a row, for assertions. */
	public static Map<String, Object> values(Row row) {
		return row.asMap();
	}

}
