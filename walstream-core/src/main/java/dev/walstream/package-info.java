/**
 * walstream: PostgreSQL logical replication for Java. The packages below hold the pgoutput codec
 * ({@code protocol}), value decoding ({@code decode}), change events ({@code event}), the replication
 * stream ({@code stream}) and the error types ({@code error}).
 */
@NullMarked
package dev.walstream;

import org.jspecify.annotations.NullMarked;
