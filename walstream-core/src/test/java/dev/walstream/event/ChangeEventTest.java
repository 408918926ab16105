package dev.walstream.event;

import java.time.Instant;
import java.util.List;

import dev.walstream.Lsn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeEventTest {

	private static ChangeEvent event(EventType type, long xid) {
		return new ChangeEvent(type, Lsn.of(100), xid, Instant.EPOCH, 3);
	}

	@Test
	void acknowledgementLsnShouldBeTheEndOfWhatCloses() {
		assertThat(event(new EventType.Commit(Lsn.of(140)), 7).acknowledgementLsn()).isEqualTo(Lsn.of(140));
		assertThat(event(new EventType.Prepare("g", Lsn.of(150)), 7).acknowledgementLsn()).isEqualTo(Lsn.of(150));
		assertThat(event(new EventType.CommitPrepared("g", Lsn.of(160)), 7).acknowledgementLsn()).isEqualTo(Lsn.of(160));
		assertThat(event(new EventType.RollbackPrepared("g", Lsn.of(170)), 7).acknowledgementLsn())
			.isEqualTo(Lsn.of(170));
		assertThat(event(new EventType.Message("p", new byte[0], false), 0).acknowledgementLsn()).isEqualTo(Lsn.of(100));
		assertThat(event(new EventType.Truncate(List.of("public.t"), false, false), 7).acknowledgementLsn()).isNull();
		assertThat(event(new EventType.Begin(null), 7).acknowledgementLsn()).isNull();
	}

}
