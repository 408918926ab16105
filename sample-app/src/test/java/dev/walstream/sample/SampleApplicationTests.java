package dev.walstream.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.walstream.sample.shop.ChangeLog;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as a user starts it, with no database configured: it starts PostgreSQL, the workload
 * writes, every listener logs, and the actuator answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sample.workload.interval=200ms")
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ChangeLog changes;

	@Test
	void everyListenerReceivesTheWorkloadsChanges() {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.changes.counts()).containsKeys("orders", "stock", "archived",
					"transactions", "messages"));
		assertThat(this.changes.recent()).anySatisfy((line) -> assertThat(line).contains("[orders]", "placed by"))
			.anySatisfy((line) -> assertThat(line).contains("[stock]", " -> "))
			.anySatisfy((line) -> assertThat(line).contains("[messages]", "\"event\":\"order-placed\""))
			.anySatisfy((line) -> assertThat(line).contains("[transactions]", "INSERT orders=1"));
	}

	@Test
	void orderPlacedOverHttpReachesTheListenersWhole() throws Exception {
		HttpResponse<String> placed = this.http.send(HttpRequest.newBuilder(uri("/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"customer\":\"Test Customer\",\"quantities\":{\"MUG-BLUE\":1,\"STRAINER\":2}}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(placed.statusCode()).isEqualTo(201);
		String id = placed.body().replaceAll("\\D", "");
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.changes.recent())
				.anySatisfy((line) -> assertThat(line).contains("order " + id + " placed by Test Customer: 20.40 EUR"))
				.anySatisfy((line) -> assertThat(line).contains("\"orderId\":" + id + ",")));
	}

	@Test
	void orderOfAnUnknownProductIsRejected() throws Exception {
		HttpResponse<String> rejected = this.http.send(HttpRequest.newBuilder(uri("/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"Ada\",\"quantities\":{\"NO-SUCH\":1}}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(rejected.body()).contains("NO-SUCH");
	}

	@Test
	void healthIsUp() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).startsWith("{").contains("\"status\":\"UP\"").contains("\"db\"");
	}

	@Test
	void metricsAndPrometheusAnswer() throws Exception {
		HttpResponse<String> metrics = get("/actuator/metrics");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("\"names\"").contains("jvm.memory.used");
		HttpResponse<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("# TYPE");
	}

	@Test
	void changesEndpointListsWhatTheListenersSaw() throws Exception {
		await().atMost(TIMEOUT).until(() -> !this.changes.recent().isEmpty());
		HttpResponse<String> changes = get("/changes");
		assertThat(changes.statusCode()).isEqualTo(200);
		assertThat(changes.body()).contains("\"counts\"").contains("\"recent\"");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
