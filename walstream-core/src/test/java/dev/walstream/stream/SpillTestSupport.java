package dev.walstream.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Helpers for the assembler's tests: text messages, reading a released transaction back, and
 * counting the spill files a process still holds open.
 */
final class SpillTestSupport {

	private static final Path OWN_FILE_DESCRIPTORS = Path.of("/proc/self/fd");

	private SpillTestSupport() {
	}

	/** A message whose bytes are the text, placed inside a larger array as pgjdbc places it. */
	static ByteBuffer message(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[bytes.length + 25];
		System.arraycopy(bytes, 0, frame, 25, bytes.length);
		return ByteBuffer.wrap(frame, 25, bytes.length);
	}

	static List<String> texts(BufferedTransaction transaction) {
		List<String> texts = new ArrayList<>();
		for (ByteBuffer message : transaction) {
			texts.add(StandardCharsets.UTF_8.decode(message).toString());
		}
		return texts;
	}

	static List<String> releaseTexts(TransactionAssembler assembler, long xid) {
		try (BufferedTransaction transaction = assembler.release(xid)) {
			return texts(transaction);
		}
	}

	/** Whether the operating system lets us see which files we hold open (Linux). */
	static boolean canCountOpenFiles() {
		return Files.isDirectory(OWN_FILE_DESCRIPTORS);
	}

	/**
	 * Counts the spill files this process holds open in a directory, unlinked or not: the only way
	 * to see whether an unlinked file's space was given back.
	 */
	static long openSpillFiles(Path directory) {
		String prefix = directory.toAbsolutePath() + "/walstream-xid-";
		try (Stream<Path> descriptors = Files.list(OWN_FILE_DESCRIPTORS)) {
			return descriptors.filter((descriptor) -> target(descriptor).startsWith(prefix)).count();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String target(Path descriptor) {
		try {
			return Files.readSymbolicLink(descriptor).toString();
		}
		catch (IOException ex) {
			// the descriptor of the listing itself is gone by now
			return "";
		}
	}

	static long filesIn(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return 0;
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.count();
		}
	}

}
