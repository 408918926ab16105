package dev.walstream.benchmarks;

import java.nio.file.Path;
import java.util.List;

import dev.walstream.benchmarks.e2e.ConsumerKind;
import dev.walstream.benchmarks.e2e.EndToEndOptions;
import dev.walstream.benchmarks.e2e.ReplicationWorkload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EndToEndOptionsTest {

	@Test
	void defaultsRunEveryWorkloadWithEveryConsumerOnHalfAMillionRows() {
		EndToEndOptions options = EndToEndOptions.parse();

		assertThat(options.rows()).isEqualTo(500_000);
		assertThat(options.repeat()).isEqualTo(1);
		assertThat(options.workloads()).containsExactly(ReplicationWorkload.values());
		assertThat(options.consumers()).containsExactly(ConsumerKind.values());
		assertThat(options.rate()).isEqualTo(500);
		assertThat(options.seconds()).isEqualTo(30);
		assertThat(options.hugeMegabytes()).isEqualTo(2048);
	}

	@Test
	void smokeModeIsSmallAndMeasuresOnlyTheRawLoopAndWalstream() {
		EndToEndOptions options = EndToEndOptions.parse("--smoke");

		assertThat(options.rows()).isEqualTo(2_000);
		assertThat(options.consumers()).containsExactly(ConsumerKind.PGJDBC, ConsumerKind.WALSTREAM,
				ConsumerKind.WALSTREAM_BINARY);
		assertThat(options.workloads()).containsExactly(ReplicationWorkload.values());
		assertThat(ReplicationWorkload.LATENCY.changes(options)).isEqualTo(300);
		assertThat(ReplicationWorkload.HUGE.changes(options)).isEqualTo(20_000);
	}

	@Test
	void smokeModeKeepsWhatIsGivenExplicitly() {
		EndToEndOptions options = EndToEndOptions.parse("--smoke", "--rate", "50", "--huge-mb=5");

		assertThat(options.rate()).isEqualTo(50);
		assertThat(options.hugeMegabytes()).isEqualTo(5);
		assertThat(options.seconds()).isEqualTo(2);
	}

	@Test
	void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
		EndToEndOptions options = EndToEndOptions.parse("--rows", "100_000", "--workloads=narrow,toast", "--consumers",
				"pgjdbc,debezium", "--jvm-arg=-Xmx256m", "--jfr", "target/jfr", "--repeat", "3");

		assertThat(options.rows()).isEqualTo(100_000);
		assertThat(options.repeat()).isEqualTo(3);
		assertThat(options.workloads()).containsExactly(ReplicationWorkload.NARROW_INSERT, ReplicationWorkload.LARGE_TOAST);
		assertThat(options.consumers()).containsExactly(ConsumerKind.PGJDBC, ConsumerKind.DEBEZIUM);
		assertThat(options.jvmArguments()).isEqualTo(List.of("-Xmx256m"));
		assertThat(options.jfrDirectory()).isEqualTo(Path.of("target/jfr"));
	}

	@Test
	void unknownNamesAreRejectedWithTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> EndToEndOptions.parse("--consumers", "kafka"))
			.withMessageContaining("walstream-binary");
		assertThatIllegalArgumentException().isThrownBy(() -> EndToEndOptions.parse("--workloads", "giant"))
			.withMessageContaining("narrow, wide, churn, toast, latency, huge");
	}

}
