package dev.walstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServerLogTest {

	@TempDir
	Path directory;

	@Test
	void fromNowShouldShowOnlyWhatIsWrittenLater() throws IOException {
		Path file = Files.writeString(this.directory.resolve("server.log"), "before\n");
		ServerLog log = new ServerLog(file);
		ServerLog fromNow = log.fromNow();
		Files.writeString(file, "after 1\nafter 2\n", StandardOpenOption.APPEND);

		assertThat(fromNow.lines()).containsExactly("after 1", "after 2");
		assertThat(log.lines()).containsExactly("before", "after 1", "after 2");
		assertThat(log.tail(2)).isEqualTo("after 1\nafter 2");
	}

	@Test
	void textWhenFileIsMissingShouldBeEmpty() {
		ServerLog log = new ServerLog(this.directory.resolve("missing.log"));
		assertThat(log.fromNow().text()).isEmpty();
		assertThat(log.lines()).isEmpty();
	}

}
