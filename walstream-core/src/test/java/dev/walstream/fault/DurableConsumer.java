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
 * previous run did not finish. Prints {@value #STREAMING} when its stream streams from the slot and
 * {@value #STANDBY} when it stands by because another consumer holds the slot, {@value #RECONNECTING}
 * while it tries to connect again.
 *
 * <p>Arguments: host, port, database, slot, file, spill directory, {@code serverTimeout} in
 * milliseconds.
 */
public final class DurableConsumer {

	/** Printed when the stream starts streaming from the slot. */
	static final String STREAMING = "STREAMING";

	/** Printed when the stream stands by because another consumer holds the slot. */
	static final String STANDBY = "STANDBY";

	/** Printed when the stream lost its connection and tries again. */
	static final String RECONNECTING = "RECONNECTING";

	private DurableConsumer() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[4]);
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			out.truncate(completeLength(file));
			out.position(out.size());
			ReplicationStreamConfig config = LedgerConsumer.config(args[3], Path.of(args[5]))
				.serverTimeout(Duration.ofMillis(Long.parseLong(args[6])))
				.build();
			try (LogicalReplicationStream stream = LogicalReplicationStream
				.open(LedgerConsumer.connection(args[0], Integer.parseInt(args[1]), args[2]), config)) {
				stream.start(null);
				String state = "";
				List<Long> rows = new ArrayList<>();
				while (true) {
					ChangeEvent event = stream.nextEvent(Duration.ofMillis(100));
					state = report(state, stream);
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

	/** Prints the stream's state when it changed: whether it streams or stands by for the slot. */
	private static String report(String previous, LogicalReplicationStream stream) {
		String state = stream.isStandby() ? STANDBY : stream.status().connected() ? STREAMING : RECONNECTING;
		if (!state.equals(previous)) {
			System.out.println(state);
		}
		return state;
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
	 * Rebuilds the delivery log from consumers' lines, in the order they were written: each line
	 * delivered and acknowledged; at each kill, the slot's position as a sample and as the floor for
	 * repeats.
	 * @param lines the lines of every consumer, one consumer's after the other's in the order they
	 * streamed
	 * @param killedAfterLines for each kill, how many lines were written before it
	 * @param slotAtKill for each kill, the slot's confirmed position right after it
	 * @return the log to verify
	 */
	static DeliveryLog deliveryLog(List<Line> lines, List<Integer> killedAfterLines, List<Lsn> slotAtKill) {
		DeliveryLog log = new DeliveryLog();
		int kill = 0;
		for (int i = 0; i <= lines.size(); i++) {
			while (kill < killedAfterLines.size() && killedAfterLines.get(kill) == i) {
				log.slotConfirmed(slotAtKill.get(kill));
				log.restarted(slotAtKill.get(kill));
				kill++;
			}
			if (i < lines.size()) {
				log.delivered(lines.get(i).seqs(), lines.get(i).endLsn());
				log.acknowledged(lines.get(i).endLsn());
			}
		}
		return log;
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
