package dev.walstream.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.walstream.decode.TypeDecoder;
import dev.walstream.decode.ValueDecoders;
import dev.walstream.protocol.ReplicaIdentity;
import org.jspecify.annotations.Nullable;

/**
 * A table as the stream knows it: its name, replica identity and published columns, with each
 * column's value decoder resolved once.
 *
 * @since 0.1.0
 */
public final class RelationInfo {

	private final int relationId;

	private final String schema;

	private final String table;

	private final ReplicaIdentity replicaIdentity;

	private final List<ColumnInfo> columns;

	private final List<String> columnNames;

	private final List<String> keyColumns;

	private final Map<String, Integer> indexByName;

	private final TypeDecoder[] decoders;

	/**
	 * Creates a table description.
	 * @param relationId the table's OID
	 * @param schema the schema ({@code pg_catalog} when the server sent an empty namespace)
	 * @param table the table's name
	 * @param replicaIdentity its replica identity
	 * @param columns its published columns, in tuple order
	 * @param valueDecoders where column decoders come from
	 */
	public RelationInfo(int relationId, String schema, String table, ReplicaIdentity replicaIdentity,
			List<ColumnInfo> columns, ValueDecoders valueDecoders) {
		this.relationId = relationId;
		this.schema = schema;
		this.table = table;
		this.replicaIdentity = replicaIdentity;
		this.columns = List.copyOf(columns);
		this.columnNames = this.columns.stream().map(ColumnInfo::name).toList();
		this.keyColumns = this.columns.stream().filter(ColumnInfo::key).map(ColumnInfo::name).toList();
		this.indexByName = new HashMap<>(this.columns.size() * 2);
		this.decoders = new TypeDecoder[this.columns.size()];
		for (int i = 0; i < this.columns.size(); i++) {
			ColumnInfo column = this.columns.get(i);
			this.indexByName.putIfAbsent(column.name(), i);
			this.decoders[i] = valueDecoders.resolve(column.typeOid(), column.typeName());
		}
	}

	/** @return the table's OID */
	public int relationId() {
		return this.relationId;
	}

	/** @return the table's schema */
	public String schema() {
		return this.schema;
	}

	/** @return the table's name */
	public String table() {
		return this.table;
	}

	/** @return {@code schema.table} */
	public String qualifiedName() {
		return this.schema + "." + this.table;
	}

	/** @return the table's replica identity */
	public ReplicaIdentity replicaIdentity() {
		return this.replicaIdentity;
	}

	/** @return the published columns, in tuple order */
	public List<ColumnInfo> columns() {
		return this.columns;
	}

	/** @return the published columns' names, in tuple order */
	public List<String> columnNames() {
		return this.columnNames;
	}

	/** @return the names of the replica identity key's columns */
	public List<String> keyColumns() {
		return this.keyColumns;
	}

	/**
	 * Returns a column's position.
	 * @param name the column's name
	 * @return its index, or -1 if the table has no such published column
	 */
	public int indexOf(String name) {
		Integer index = this.indexByName.get(name);
		return (index != null) ? index : -1;
	}

	TypeDecoder decoder(int index) {
		return this.decoders[index];
	}

	/**
	 * Whether two descriptions describe the same columns, identity and name, so that a repeated
	 * Relation message is no schema change.
	 * @param other the other description
	 * @return {@code true} if nothing a consumer sees differs
	 */
	public boolean sameDefinitionAs(@Nullable RelationInfo other) {
		return other != null && this.relationId == other.relationId && this.schema.equals(other.schema)
				&& this.table.equals(other.table) && this.replicaIdentity == other.replicaIdentity
				&& this.columns.equals(other.columns);
	}

	@Override
	public String toString() {
		return "RelationInfo[" + qualifiedName() + " (" + Integer.toUnsignedString(this.relationId) + "), identity="
				+ this.replicaIdentity + ", columns=" + this.columnNames + "]";
	}

}
