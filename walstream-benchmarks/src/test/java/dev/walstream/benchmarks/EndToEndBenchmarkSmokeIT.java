package dev.walstream.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.walstream.benchmarks.e2e.ConsumerKind;
import dev.walstream.benchmarks.e2e.EndToEndOptions;
import dev.walstream.benchmarks.e2e.Measurement;
import dev.walstream.benchmarks.e2e.ReplicationWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the end-to-end benchmark's smoke mode, so that the harness keeps working: every workload
 * loaded into real PostgreSQL (or written live, for latency) and read back in full by the raw
 * pgjdbc loop and walstream's stream.
 */
class EndToEndBenchmarkSmokeIT {

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void smokeRunReadsEveryChangeOfEveryWorkloadWithEveryConsumer() throws Exception {
		EndToEndOptions options = EndToEndOptions.parse("--smoke");

		EndToEndBenchmark.Outcome outcome = EndToEndBenchmark.run(options, "--smoke");

		assertThat(outcome.measurements()).hasSize(ReplicationWorkload.values().length * 3);
		assertThat(outcome.measurements()).allSatisfy((Measurement measurement) -> {
			assertThat(measurement.note()).as(measurement.workload() + " / " + measurement.consumer()).isNull();
			assertThat(measurement.result().changes()).isEqualTo(measurement.workload().changes(options));
			assertThat(measurement.result().elapsedNanos()).isPositive();
			assertThat(measurement.result().memory().peakRssBytes()).isPositive();
		});
		assertThat(outcome.measurements()).filteredOn((m) -> m.workload() == ReplicationWorkload.LATENCY)
			.allSatisfy((m) -> {
				assertThat(m.result().latencies().count()).isEqualTo(options.rate() * options.seconds());
				assertThat(m.result().latencies().p50Micros()).isPositive()
					.isLessThanOrEqualTo(m.result().latencies().p99Micros());
			});
		assertThat(outcome.measurements()).filteredOn((m) -> m.workload() != ReplicationWorkload.LATENCY)
			.allSatisfy((m) -> assertThat(m.result().latencies()).isNull());
		assertThat(outcome.measurements()).filteredOn((m) -> m.consumer() == ConsumerKind.PGJDBC)
			.allSatisfy((m) -> assertThat(m.result().bytes()).isPositive());
		assertThat(outcome.report()).contains("#### narrow", "#### wide", "#### churn", "#### toast", "#### latency",
				"#### huge", "| walstream core stream, all values decoded | binary |", "`-Xmx256m`");
	}

}
