package dev.walstream.event;

import org.jspecify.annotations.Nullable;

/**
 * One published column of a table.
 *
 * @param name the column's name
 * @param typeOid the OID of its type
 * @param typeModifier its type modifier, -1 when there is none
 * @param typeName the type's qualified name for types that are not built in (from pgoutput's Type
 * message), else {@code null}
 * @param key whether it belongs to the table's replica identity key
 * @since 0.1.0
 */
public record ColumnInfo(String name, int typeOid, int typeModifier, @Nullable String typeName, boolean key) {

}
