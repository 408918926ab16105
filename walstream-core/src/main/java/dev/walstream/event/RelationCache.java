package dev.walstream.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.walstream.decode.ValueDecoders;
import dev.walstream.error.ProtocolException;
import dev.walstream.protocol.LogicalReplicationMessage;
import org.jspecify.annotations.Nullable;

/**
 * The tables and user-defined types the server has described in this stream, by OID. A Relation
 * message replaces a table's definition, so the changes that follow it are decoded with the new
 * columns.
 *
 * <p>Not thread-safe: owned by the stream's reader.
 *
 * @since 0.1.0
 */
public final class RelationCache {

	private final ValueDecoders valueDecoders;

	private final Map<Integer, RelationInfo> relations = new HashMap<>();

	private final Map<Integer, String> typeNames = new HashMap<>();

	/**
	 * Creates an empty cache.
	 * @param valueDecoders the decoders that column values are decoded with
	 */
	public RelationCache(ValueDecoders valueDecoders) {
		this.valueDecoders = valueDecoders;
	}

	/**
	 * Records a user-defined type's name, so that columns of that type find decoders registered by
	 * name.
	 * @param type the Type message
	 */
	public void register(LogicalReplicationMessage.Type type) {
		this.typeNames.put(type.typeOid(), type.namespace() + "." + type.name());
	}

	/**
	 * Records a table's definition.
	 * @param relation the Relation message
	 * @return the schema-change event to deliver when the table is new or its definition changed,
	 * or {@code null} when the server only repeated what was known
	 */
	public EventType.@Nullable Relation register(LogicalReplicationMessage.Relation relation) {
		List<ColumnInfo> columns = new ArrayList<>(relation.columns().size());
		for (LogicalReplicationMessage.Relation.Column column : relation.columns()) {
			columns.add(new ColumnInfo(column.name(), column.typeOid(), column.typeModifier(),
					this.typeNames.get(column.typeOid()), column.isKey()));
		}
		// pgoutput sends an empty namespace for pg_catalog
		String schema = relation.namespace().isEmpty() ? "pg_catalog" : relation.namespace();
		RelationInfo info = new RelationInfo(relation.relationId(), schema, relation.name(), relation.replicaIdentity(),
				columns, this.valueDecoders);
		RelationInfo previous = this.relations.put(relation.relationId(), info);
		return info.sameDefinitionAs(previous) ? null : new EventType.Relation(info, previous);
	}

	/**
	 * Returns a table's definition.
	 * @param relationId the table's OID
	 * @param messageType the message that refers to it, for the error
	 * @return the definition
	 * @throws ProtocolException if no Relation message described the table first
	 */
	public RelationInfo get(int relationId, String messageType) {
		RelationInfo info = this.relations.get(relationId);
		if (info == null) {
			throw new ProtocolException(messageType, 1, "relation " + Integer.toUnsignedString(relationId)
					+ " was not described by a Relation message before its first change");
		}
		return info;
	}

	/**
	 * Returns a table's definition if known.
	 * @param relationId the table's OID
	 * @return the definition, or {@code null}
	 */
	public @Nullable RelationInfo find(int relationId) {
		return this.relations.get(relationId);
	}

}
