package dev.walstream.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pgoutput messages recorded from real servers by {@code GoldenBytesIT} (see
 * {@code src/test/resources/pgoutput-corpus/README.md}): each file is a sequence of
 * {@code int32 length, bytes} records.
 */
final class RecordedCorpus {

	private static final String[] FILES = { "pg14.bin", "pg15.bin", "pg16.bin", "pg17.bin", "pg18.bin" };

	private RecordedCorpus() {
	}

	static List<byte[]> messages() {
		List<byte[]> messages = new ArrayList<>();
		for (String file : FILES) {
			try (InputStream resource = RecordedCorpus.class.getResourceAsStream("/pgoutput-corpus/" + file)) {
				if (resource != null) {
					readAll(new DataInputStream(resource), messages);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return messages;
	}

	private static void readAll(DataInputStream in, List<byte[]> messages) throws IOException {
		while (true) {
			int length;
			try {
				length = in.readInt();
			}
			catch (EOFException end) {
				return;
			}
			byte[] message = new byte[length];
			in.readFully(message);
			messages.add(message);
		}
	}

}
