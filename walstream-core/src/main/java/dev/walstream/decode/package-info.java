/**
 * Decoding of PostgreSQL column values, as they arrive in {@code pgoutput} tuples, into Java
 * values: in text format (the type's output function, {@code 't'} columns) and in binary format
 * (the type's send function, {@code 'b'} columns, when the subscription asks for
 * {@code binary = true}).
 * <p>
 * {@link dev.walstream.decode.ValueDecoders} is the immutable registry that maps a type OID (or, for
 * user-defined types, a qualified type name) to a {@link dev.walstream.decode.TypeDecoder};
 * {@link dev.walstream.decode.PgTypeOids} holds the built-in OIDs. Decoders read a view
 * {@code (data, offset, length)} on the received bytes, never copy it and allocate only their
 * result; malformed bytes raise a {@link dev.walstream.decode.ValueDecodingException}. The mapping
 * of types to Java classes is tabled on {@link dev.walstream.decode.ValueDecoders}.
 * <p>
 * Text values are decoded as the replication connection receives them: {@code DateStyle=ISO},
 * any {@code IntervalStyle} (the walsender prints with the server's, database's or role's),
 * {@code bytea_output=hex} (the escape format is accepted too),
 * {@code client_encoding=UTF8}, and any {@code TimeZone}, since zoned values are normalised to UTC.
 */
@NullMarked
package dev.walstream.decode;

import org.jspecify.annotations.NullMarked;
