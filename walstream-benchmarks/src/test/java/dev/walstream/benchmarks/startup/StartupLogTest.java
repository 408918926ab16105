package dev.walstream.benchmarks.startup;

import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StartupLogTest {

	private static final String POSTGRES = "2026-11-25T22:10:01.100Z  INFO 4242 --- [walstream-sample] [           main]"
			+ " d.w.s.embedded.EmbeddedShopDatabase     : Started PostgreSQL for the sample in 2107 ms: psql -h localhost"
			+ " -p 36019 -U postgres shop (server log /tmp/walstream-sample-postgres.log)";

	private static final String STARTED = "2026-11-25T22:10:03.900Z  INFO 4242 --- [walstream-sample] [           main]"
			+ " d.w.sample.SampleApplication            : Started SampleApplication in 5.02 seconds (process running for 5.627)";

	private static final String CHANGE = "2026-11-25T22:10:05.000Z  INFO 4242 --- [walstream-sample] [stream-shop_slot]"
			+ " dev.walstream.sample.changes            : [stock]      TEA-SENCHA: 50 -> 48 on hand";

	@Test
	void milestonesAreTakenFromTheirFirstLines() {
		StartupLog log = new StartupLog();

		log.accept("  .   ____          _            __ _ _", 300_000_000L);
		log.accept(POSTGRES, 2_500_000_000L);
		log.accept(STARTED, 5_700_000_000L);
		assertThat(log.hasFirstChange()).isFalse();
		log.accept(CHANGE, 6_800_000_000L);
		log.accept(CHANGE.replace("22:10:05", "22:10:06"), 7_000_000_000L);

		assertThat(log.hasFirstChange()).isTrue();
		Startup startup = log.startup();
		assertThat(startup.postgresSeconds()).isEqualTo(2.107);
		assertThat(startup.springSeconds()).isEqualTo(5.02);
		assertThat(startup.jvmSeconds()).isEqualTo(5.627);
		assertThat(startup.startedSeconds()).isEqualTo(5.7);
		assertThat(startup.firstChangeSeconds()).isEqualTo(6.8);
		assertThat(startup.startedToFirstChangeSeconds()).isCloseTo(1.1, Offset.offset(1e-9));
		assertThat(startup.firstChange()).isEqualTo(CHANGE);
	}

	@Test
	void aMissingMilestoneIsNamed() {
		StartupLog log = new StartupLog();
		log.accept(POSTGRES, 1);
		log.accept(CHANGE, 2);

		assertThatIllegalStateException().isThrownBy(log::startup).withMessageContaining("Spring started false");
	}

	@Test
	void theTableHasARowPerStartAndTheMedians() {
		Startup fast = new Startup(2.0, 4.0, 4.5, 4.6, 5.6, CHANGE);
		Startup slow = new Startup(3.0, 6.0, 6.5, 6.6, 7.8, CHANGE);
		Startup middle = new Startup(2.5, 5.0, 5.5, 5.6, 6.7, CHANGE);

		String table = StartupBenchmark.table(List.of(fast, slow, middle));

		assertThat(table).contains("| 1 | 5.60 | 4.60 | 4.00 | 4.50 | 2.00 | 1.00 |")
			.contains("| **median** | **6.70** | **5.60** | **5.00** | **5.50** | **2.50** | **1.10** |");
	}

}
