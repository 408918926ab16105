package dev.walstream.benchmarks.e2e;

import java.time.Instant;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Row;
import dev.walstream.stream.CancellationToken;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.TransactionAssembler;

/**
 * walstream's core stream with its defaults (auto-acknowledgement, the highest protocol version),
 * every column of every row image decoded to its Java value with {@link Row#get(int)}.
 */
final class WalstreamConsumer implements ReplicationConsumer {

	/** Keeps the decoded values observable, so that no decoding can be optimized away. */
	static volatile long sink;

	@Override
	public ConsumerResult consume(ConsumerTarget target) {
		Meter meter = new Meter(target);
		ConnectionConfig connection = ConnectionConfig.builder()
			.host(target.host())
			.port(target.port())
			.database(target.database())
			.user(target.user())
			.password(target.password())
			.build();
		ReplicationStreamConfig config = ReplicationStreamConfig.builder(target.slot(), target.publication())
			.binary(target.binary())
			.createSlot(false)
			.createPublication(false)
			.build();
		long changes = 0;
		long values = 0;
		long spilled;
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection, config)) {
			stream.start(null);
			CancellationToken token = new CancellationToken();
			while (true) {
				ChangeEvent event = stream.nextEvent(token);
				if (event == null) {
					throw new IllegalStateException("The stream ended after " + changes + " changes");
				}
				EventType type = event.eventType();
				if (type instanceof EventType.Insert insert) {
					meter.change(commitMicros(event));
					values += decodeAll(insert.data());
					changes++;
				}
				else if (type instanceof EventType.Update update) {
					meter.change(commitMicros(event));
					if (update.oldData() != null) {
						values += decodeAll(update.oldData());
					}
					values += decodeAll(update.newData());
					changes++;
				}
				else if (type instanceof EventType.Delete delete) {
					meter.change(commitMicros(event));
					values += decodeAll(delete.oldData());
					changes++;
				}
				else if (type instanceof EventType.Commit && changes >= target.changes()) {
					meter.stop();
					break;
				}
			}
			TransactionAssembler.Stats buffers = stream.status().buffers();
			spilled = (buffers != null) ? buffers.bytesSpilled() : -1;
			// the commit is acknowledged with the next call, or on close by the reading thread
		}
		sink = values;
		return meter.result(changes, -1, spilled);
	}

	/**
	 * Returns the commit time of a change's transaction.
	 * @param event a change, delivered once its transaction committed
	 * @return microseconds since the Unix epoch
	 */
	static long commitMicros(ChangeEvent event) {
		Instant commitTime = event.commitTime();
		if (commitTime == null) {
			throw new IllegalStateException("A change without a commit time: " + event);
		}
		return Latencies.toMicros(commitTime);
	}

	static int decodeAll(Row row) {
		int nonNull = 0;
		for (int i = 0; i < row.size(); i++) {
			if (row.get(i) != null) {
				nonNull++;
			}
		}
		return nonNull;
	}

}
