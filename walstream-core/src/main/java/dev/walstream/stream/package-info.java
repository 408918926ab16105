/**
 * The replication stream: what sits between the pgoutput codec and application code. Holds, among
 * others, the {@link dev.walstream.stream.TransactionAssembler}, which keeps the changes of
 * streamed, prepared and parallel-streamed transactions until they commit, spilling large ones to
 * local disk.
 */
@NullMarked
package dev.walstream.stream;

import org.jspecify.annotations.NullMarked;
