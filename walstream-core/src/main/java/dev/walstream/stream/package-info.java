/**
 * The replication stream, the core's public face:
 * {@link dev.walstream.stream.LogicalReplicationStream} connects with a
 * {@link dev.walstream.stream.ConnectionConfig}, streams as a
 * {@link dev.walstream.stream.ReplicationStreamConfig} says, and hands out
 * {@link dev.walstream.event.ChangeEvent}s, whole transactions in commit order. Inside, the
 * {@link dev.walstream.stream.TransactionAssembler} keeps the changes of streamed and prepared
 * transactions until they commit, spilling large ones to local disk, and the acknowledgement state
 * decides which position the server may forget.
 */
@NullMarked
package dev.walstream.stream;

import org.jspecify.annotations.NullMarked;
