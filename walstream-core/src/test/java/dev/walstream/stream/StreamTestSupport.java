package dev.walstream.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.event.ChangeEvent;
import dev.walstream.testing.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stream tests share: connecting to a test server and collecting whole transactions.
 */
final class StreamTestSupport {

	private StreamTestSupport() {
	}

	static ConnectionConfig connection(PostgresServer server, String db) {
		return ConnectionConfig.builder()
			.host(server.host())
			.port(server.port())
			.database(db)
			.user(server.superuser())
			.password(server.superuserPassword())
			.build();
	}

	/** Collects events until the given number of transactions (or standalone events) ended. */
	static List<ChangeEvent> collect(LogicalReplicationStream stream, int transactions) {
		List<ChangeEvent> events = new ArrayList<>();
		int ended = 0;
		while (ended < transactions) {
			ChangeEvent event = stream.nextEvent(Duration.ofSeconds(30));
			assertThat(event).as("event %d", events.size()).isNotNull();
			events.add(event);
			if (event.isCommit() || event.xid() == 0) {
				ended++;
			}
		}
		return events;
	}

}
