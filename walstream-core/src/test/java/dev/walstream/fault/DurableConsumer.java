package dev.walstream.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;

/**
 * The consumer of {@link ConsumerKillIT}, run in a JVM of its own so that the test can kill it with
 * SIGKILL: it appends every transaction of the ledger to a file as one line
 * ({@code <commit end LSN> <seq>,<seq>,...}), forces the file to disk, and only then acknowledges
 * the transaction, as an application with a durable store would. On start it drops a last line the
 * previous run did not finish. Prints {@code STARTED} once streaming.
 *
 * <p>Arguments: host, port, database, slot, file, spill directory.
 */
public final class DurableConsumer {

	private DurableConsumer() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[4]);
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			out.truncate(completeLength(file));
			out.position(out.size());
			ReplicationStreamConfig config = LedgerConsumer.config(args[3], Path.of(args[5])).build();
			try (LogicalReplicationStream stream = LogicalReplicationStream
				.open(LedgerConsumer.connection(args[0], Integer.parseInt(args[1]), args[2]), config)) {
				stream.start(null);
				System.out.println("STARTED");
				List<Long> rows = new ArrayList<>();
				while (true) {
					ChangeEvent event = stream.nextEvent(Duration.ofSeconds(1));
					if (event == null) {
						continue;
					}
					if (event.eventType() instanceof EventType.Begin) {
						rows.clear();
					}
					else if (event.eventType() instanceof EventType.Insert insert) {
						rows.add(insert.data().get("seq", Long.class));
					}
					else if (event.eventType() instanceof EventType.Commit commit) {
						Lsn end = commit.endLsn();
						String line = end + " " + rows.stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n";
						out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
						out.force(false);
						stream.acknowledge(end);
					}
				}
			}
		}
	}

	/** The length of the file up to its last complete line. */
	static long completeLength(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		int end = bytes.length;
		while (end > 0 && bytes[end - 1] != '\n') {
			end--;
		}
		return end;
	}

	/**
	 * Reads the complete lines of a consumer's file.
	 * @param file the file
	 * @return one entry a line: the end LSN and the rows
	 * @throws IOException if the file cannot be read
	 */
	static List<Line> read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
		text = text.substring(0, text.lastIndexOf('\n') + 1);
		List<Line> lines = new ArrayList<>();
		for (String line : text.lines().toList()) {
			int space = line.indexOf(' ');
			List<Long> seqs = new ArrayList<>();
			for (String seq : line.substring(space + 1).split(",")) {
				if (!seq.isEmpty()) {
					seqs.add(Long.parseLong(seq));
				}
			}
			lines.add(new Line(Lsn.parse(line.substring(0, space)), seqs));
		}
		return lines;
	}

	/**
	 * One delivered, durably recorded and acknowledged transaction.
	 *
	 * @param endLsn its commit end LSN
	 * @param seqs its rows
	 */
	record Line(Lsn endLsn, List<Long> seqs) {

	}

}
