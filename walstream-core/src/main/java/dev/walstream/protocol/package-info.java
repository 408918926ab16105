/**
 * The {@code pgoutput} logical replication protocol, versions 1 to 4, and the streaming replication
 * frames around it: {@link dev.walstream.protocol.LogicalReplicationParser} turns bytes into
 * {@link dev.walstream.protocol.LogicalReplicationMessage}s without copying row data, and
 * {@link dev.walstream.protocol.LogicalReplicationWriter} does the reverse.
 */
@NullMarked
package dev.walstream.protocol;

import org.jspecify.annotations.NullMarked;
