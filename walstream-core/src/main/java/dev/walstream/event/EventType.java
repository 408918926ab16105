package dev.walstream.event;

import java.util.List;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ChangeEvent} reports, with the data that belongs to each kind.
 *
 * @since 0.1.0
 */
public sealed interface EventType {

	/**
	 * Returns the kind of event, for filtering.
	 * @return the operation
	 */
	Operation operation();

	/**
	 * An event about one table's rows.
	 */
	sealed interface TableChange extends EventType {

		/** @return the table's schema */
		String schema();

		/** @return the table's name */
		String table();

		/** @return {@code schema.table} */
		default String qualifiedName() {
			return schema() + "." + table();
		}

	}

	/**
	 * A transaction started. Its changes follow, then a {@link Commit}.
	 *
	 * @param origin the replication origin the transaction came from, or {@code null}
	 */
	record Begin(@Nullable String origin) implements EventType {

		@Override
		public Operation operation() {
			return Operation.BEGIN;
		}

	}

	/**
	 * A transaction committed; every change of it was delivered before this event.
	 *
	 * @param endLsn the position just past the commit: acknowledging it tells the server that the
	 * transaction was handled
	 */
	record Commit(Lsn endLsn) implements EventType {

		@Override
		public Operation operation() {
			return Operation.COMMIT;
		}

	}

	/**
	 * A row was inserted.
	 *
	 * @param schema the table's schema
	 * @param table the table's name
	 * @param data the new row
	 */
	record Insert(String schema, String table, Row data) implements TableChange {

		@Override
		public Operation operation() {
			return Operation.INSERT;
		}

	}

	/**
	 * A row was updated.
	 *
	 * @param schema the table's schema
	 * @param table the table's name
	 * @param oldData the old row as the table's replica identity allows: every column with
	 * {@code FULL}, the key columns (others {@code NULL}) when the key changed, else {@code null}
	 * @param newData the new row
	 * @param keyColumns the names of the replica identity key's columns
	 */
	record Update(String schema, String table, @Nullable Row oldData, Row newData, List<String> keyColumns)
			implements TableChange {

		@Override
		public Operation operation() {
			return Operation.UPDATE;
		}

	}

	/**
	 * A row was deleted.
	 *
	 * @param schema the table's schema
	 * @param table the table's name
	 * @param oldData the deleted row: every column with replica identity {@code FULL}, else the key
	 * columns (others {@code NULL})
	 * @param keyColumns the names of the replica identity key's columns
	 */
	record Delete(String schema, String table, Row oldData, List<String> keyColumns) implements TableChange {

		@Override
		public Operation operation() {
			return Operation.DELETE;
		}

	}

	/**
	 * Tables were truncated by one statement.
	 *
	 * @param tables the tables, as {@code schema.table}
	 * @param cascade whether the statement said {@code CASCADE}
	 * @param restartIdentity whether it said {@code RESTART IDENTITY}
	 */
	record Truncate(List<String> tables, boolean cascade, boolean restartIdentity) implements EventType {

		/**
		 * Copies the table list.
		 */
		public Truncate {
			tables = List.copyOf(tables);
		}

		@Override
		public Operation operation() {
			return Operation.TRUNCATE;
		}

	}

	/**
	 * A message written with {@code pg_logical_emit_message}.
	 *
	 * @param prefix the prefix its writer gave
	 * @param content its content
	 * @param transactional whether it belongs to a transaction (delivered with it, between its Begin
	 * and Commit) or was written immediately
	 */
	record Message(String prefix, byte[] content, boolean transactional) implements EventType {

		/**
		 * Returns the content read as UTF-8.
		 * @return the text
		 */
		public String contentAsString() {
			return new String(this.content, java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public Operation operation() {
			return Operation.MESSAGE;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return (other instanceof Message that) && this.prefix.equals(that.prefix)
					&& java.util.Arrays.equals(this.content, that.content) && this.transactional == that.transactional;
		}

		@Override
		public int hashCode() {
			return this.prefix.hashCode() * 31 + java.util.Arrays.hashCode(this.content);
		}

		@Override
		public String toString() {
			return "Message[prefix=" + this.prefix + ", content=" + this.content.length + " bytes, transactional="
					+ this.transactional + "]";
		}

	}

	/**
	 * A table was seen for the first time in this stream, or its definition changed (columns added,
	 * dropped, renamed or retyped; replica identity changed). Changes after this event are decoded
	 * with the new definition.
	 *
	 * @param relation the table's new definition
	 * @param previous its definition before, or {@code null} when first seen
	 */
	record Relation(RelationInfo relation, @Nullable RelationInfo previous) implements TableChange {

		@Override
		public String schema() {
			return this.relation.schema();
		}

		@Override
		public String table() {
			return this.relation.table();
		}

		@Override
		public Operation operation() {
			return Operation.RELATION;
		}

	}

	/**
	 * A transaction was prepared for two-phase commit; its changes came before this event. Sent only
	 * when prepared transactions are delivered at PREPARE.
	 *
	 * @param gid the global transaction identifier
	 * @param endLsn the position just past the prepared transaction
	 */
	record Prepare(String gid, Lsn endLsn) implements EventType {

		@Override
		public Operation operation() {
			return Operation.PREPARE;
		}

	}

	/**
	 * A prepared transaction delivered earlier committed. Sent only when prepared transactions are
	 * delivered at PREPARE.
	 *
	 * @param gid the global transaction identifier
	 * @param endLsn the position just past the commit
	 */
	record CommitPrepared(String gid, Lsn endLsn) implements EventType {

		@Override
		public Operation operation() {
			return Operation.COMMIT_PREPARED;
		}

	}

	/**
	 * A prepared transaction delivered earlier was rolled back: undo what its changes did. Sent only
	 * when prepared transactions are delivered at PREPARE.
	 *
	 * @param gid the global transaction identifier
	 * @param endLsn the position just past the rollback
	 */
	record RollbackPrepared(String gid, Lsn endLsn) implements EventType {

		@Override
		public Operation operation() {
			return Operation.ROLLBACK_PREPARED;
		}

	}

}
