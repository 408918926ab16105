package dev.walstream.protocol;

import java.time.Instant;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * A frame of the streaming replication sub-protocol, carried in a CopyData message of the
 * replication connection's CopyBoth stream: XLogData and keepalives from the server, status updates
 * and hot-standby feedback from the client.
 *
 * @since 0.1.0
 */
public sealed interface StreamingReplicationMessage {

	/**
	 * WAL data from the server ({@code 'w'}); for logical replication, one pgoutput message.
	 *
	 * @param walStart the LSN of the message's WAL record
	 * @param walEnd the server's current end of WAL
	 * @param sendTime the server's clock when it sent the frame
	 * @param message the parsed pgoutput message, or {@code null} when the frame was parsed as raw
	 */
	record XLogData(Lsn walStart, Lsn walEnd, Instant sendTime, @Nullable LogicalReplicationMessage message)
			implements StreamingReplicationMessage {

		/** The frame's tag byte. */
		public static final char TAG = 'w';

		/** The length of the header before the message: the tag, two LSNs and the send time. */
		public static final int HEADER_BYTES = 25;

	}

	/**
	 * The server's keepalive ({@code 'k'}).
	 *
	 * @param walEnd the server's current end of WAL
	 * @param sendTime the server's clock when it sent the frame
	 * @param replyRequested whether the client must answer with a status update at once, to avoid a
	 * disconnect through {@code wal_sender_timeout}
	 */
	record PrimaryKeepalive(Lsn walEnd, Instant sendTime, boolean replyRequested)
			implements StreamingReplicationMessage {

		/** The frame's tag byte. */
		public static final char TAG = 'k';

	}

	/**
	 * The client's position report ({@code 'r'}). The server advances the slot's
	 * {@code confirmed_flush_lsn} to {@link #flushed()}, and may discard WAL before it.
	 *
	 * @param written the last WAL position received
	 * @param flushed the last position whose changes are durably handled
	 * @param applied the last position whose changes are applied
	 * @param clientTime the client's clock
	 * @param replyRequested whether the server should answer at once with a keepalive
	 */
	record StandbyStatusUpdate(Lsn written, Lsn flushed, Lsn applied, Instant clientTime, boolean replyRequested)
			implements StreamingReplicationMessage {

		/** The frame's tag byte. */
		public static final char TAG = 'r';

	}

	/**
	 * Hot-standby feedback ({@code 'h'}): the oldest transaction ids a physical standby still needs.
	 *
	 * @param clientTime the client's clock
	 * @param xmin the oldest xmin, or 0
	 * @param xminEpoch the epoch of {@code xmin}
	 * @param catalogXmin the oldest catalog xmin, or 0
	 * @param catalogXminEpoch the epoch of {@code catalogXmin}
	 */
	record HotStandbyFeedback(Instant clientTime, long xmin, long xminEpoch, long catalogXmin, long catalogXminEpoch)
			implements StreamingReplicationMessage {

		/** The frame's tag byte. */
		public static final char TAG = 'h';

	}

}
