package dev.walstream.stream;

import java.time.Instant;

import dev.walstream.Lsn;
import dev.walstream.error.ReplicationException;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a stream's state, for health checks and metrics.
 *
 * @param slotName the slot
 * @param server the server, once initialised
 * @param options the negotiated options, once started
 * @param connected whether a replication connection is open now
 * @param receivedLsn the newest position received
 * @param flushedLsn the position reported as durably handled
 * @param serverWalEnd the server's end of WAL as its last keepalive reported it
 * @param lastReportedFlushLsn the flushed position last sent to the server
 * @param lastCommitTime the commit time of the newest transaction delivered, or {@code null}
 * @param reconnects how many times the stream reconnected
 * @param lastFailure the failure being retried, or {@code null} when streaming normally
 * @param buffers the statistics of buffered transactions, or {@code null} when not connected
 * @param slotHealth the slot as the server showed it at the last health check, or {@code null}
 * @since 0.1.0
 */
public record StreamStatus(String slotName, @Nullable ServerInfo server, @Nullable NegotiatedOptions options,
		boolean connected, Lsn receivedLsn, Lsn flushedLsn, Lsn serverWalEnd, Lsn lastReportedFlushLsn,
		@Nullable Instant lastCommitTime, long reconnects, @Nullable ReplicationException lastFailure,
		TransactionAssembler.@Nullable Stats buffers, @Nullable SlotHealth slotHealth) {

	/**
	 * Returns how many WAL bytes the server holds for this consumer beyond what it confirmed.
	 * @return the lag in bytes, 0 when unknown
	 */
	public long lagBytes() {
		long lag = this.serverWalEnd.minus(this.lastReportedFlushLsn);
		return (this.serverWalEnd.isValid() && lag > 0) ? lag : 0;
	}

}
