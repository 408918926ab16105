package dev.walstream.event;

import java.util.ArrayList;
import java.util.List;

import dev.walstream.protocol.LogicalReplicationMessage;
import dev.walstream.protocol.LogicalReplicationMessage.Delete;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.Message;
import dev.walstream.protocol.LogicalReplicationMessage.Relation;
import dev.walstream.protocol.LogicalReplicationMessage.Truncate;
import dev.walstream.protocol.LogicalReplicationMessage.Type;
import dev.walstream.protocol.LogicalReplicationMessage.Update;
import dev.walstream.protocol.TupleData;
import org.jspecify.annotations.Nullable;

/**
 * Turns the data messages of a transaction (changes, truncates, logical messages, table and type
 * definitions) into {@link EventType}s, keeping the {@link RelationCache} up to date. Transaction
 * boundaries are the stream's business, not this class's.
 *
 * @since 0.1.0
 */
public final class ChangeEventFactory {

	private final RelationCache relations;

	/**
	 * Creates a factory over a cache.
	 * @param relations the tables known so far, updated by Relation and Type messages
	 */
	public ChangeEventFactory(RelationCache relations) {
		this.relations = relations;
	}

	/**
	 * Returns the event for a data message.
	 * @param message a Relation, Type, Insert, Update, Delete, Truncate or Message
	 * @return the event, or {@code null} when the message only updates what the cache knows
	 * @throws IllegalArgumentException for a message that is not a data message
	 * @throws dev.walstream.error.ProtocolException for a change of a table never described
	 */
	public @Nullable EventType toEventType(LogicalReplicationMessage message) {
		if (message instanceof Insert insert) {
			RelationInfo relation = this.relations.get(insert.relationId(), "Insert ('I')");
			return new EventType.Insert(relation.schema(), relation.table(), new Row(relation, insert.newTuple(), null));
		}
		if (message instanceof Update update) {
			RelationInfo relation = this.relations.get(update.relationId(), "Update ('U')");
			TupleData old = (update.oldTuple() != null) ? update.oldTuple() : update.keyTuple();
			Row oldRow = (old != null) ? new Row(relation, old, null) : null;
			Row newRow = new Row(relation, update.newTuple(), update.oldTuple());
			return new EventType.Update(relation.schema(), relation.table(), oldRow, newRow, relation.keyColumns());
		}
		if (message instanceof Delete delete) {
			RelationInfo relation = this.relations.get(delete.relationId(), "Delete ('D')");
			TupleData old = (delete.oldTuple() != null) ? delete.oldTuple() : delete.keyTuple();
			return new EventType.Delete(relation.schema(), relation.table(), new Row(relation, old, null),
					relation.keyColumns());
		}
		if (message instanceof Relation relation) {
			return this.relations.register(relation);
		}
		if (message instanceof Type type) {
			this.relations.register(type);
			return null;
		}
		if (message instanceof Truncate truncate) {
			List<String> tables = new ArrayList<>(truncate.relationIds().size());
			for (int relationId : truncate.relationIds()) {
				RelationInfo relation = this.relations.find(relationId);
				tables.add((relation != null) ? relation.qualifiedName() : Integer.toUnsignedString(relationId));
			}
			return new EventType.Truncate(tables, truncate.cascade(), truncate.restartIdentity());
		}
		if (message instanceof Message logical) {
			byte[] content = new byte[logical.content().remaining()];
			logical.content().get(logical.content().position(), content);
			return new EventType.Message(logical.prefix(), content, logical.transactional());
		}
		throw new IllegalArgumentException("Not a data message: " + message.tag().displayName());
	}

}
