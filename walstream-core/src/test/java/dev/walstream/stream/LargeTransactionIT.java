package dev.walstream.stream;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transaction of several hundred megabytes, streamed by the server while it runs, consumed by a
 * JVM with a 128 MB heap: it arrives whole and in order, spilled to disk on the way.
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=1MB")
class LargeTransactionIT {

	private static final int ROWS = 1_000_000;

	@TempDir
	Path spill;

	@Test
	void transactionLargerThanTheHeapShouldArriveWholeAndInOrder(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE big (id int PRIMARY KEY, payload text); CREATE PUBLICATION pub FOR TABLE big;");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process consumer = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				LargeTransactionConsumer.class.getName(), server.host(), Integer.toString(server.port()), db,
				server.superuser(), server.superuserPassword(), "slot_" + db, this.spill.toString(), Integer.toString(ROWS))
			.redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		CompletableFuture.runAsync(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(consumer.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(output::add);
			}
			catch (Exception ex) {
				output.add(ex.toString());
			}
		});
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> output.contains("STARTED") || !consumer.isAlive());
			assertThat(output).as("consumer output").contains("STARTED");
			// about 300 MB of pgoutput: 1,000,000 rows of 260 bytes in one transaction
			server.execute(db, "INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, " + ROWS + ") g");
			assertThat(consumer.waitFor(5, TimeUnit.MINUTES)).as("consumer finished").isTrue();
			assertThat(consumer.exitValue()).as("consumer exit, output %s", output).isZero();
			String result = output.stream().filter((line) -> line.startsWith("OK ")).findFirst().orElseThrow();
			String[] fields = result.split(" ");
			assertThat(Integer.parseInt(fields[1])).isEqualTo(ROWS);
			assertThat(Long.parseLong(fields[2])).as("peak heap").isLessThan(128L * 1024 * 1024);
			System.out.println("Large transaction: " + result);
		}
		finally {
			consumer.destroyForcibly();
		}
	}

}
