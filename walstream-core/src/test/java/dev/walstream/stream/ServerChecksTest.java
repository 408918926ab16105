package dev.walstream.stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ServerChecksTest {

	private static final ServerInfo PG17 = new ServerInfo(170_002, "17.2", "logical", 60_000, "u", false, true);

	private final Logger logger = (Logger) LoggerFactory.getLogger(ServerChecks.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	private static SlotInfo slot(boolean failover) {
		return new SlotInfo("shop_slot", "pgoutput", "logical", "shop", false, false, null, null, null, "reserved", false,
				failover);
	}

	private static ReplicationStreamConfig config(boolean failover) {
		return ReplicationStreamConfig.builder("shop_slot", "pub").failoverSlot(failover).build();
	}

	@Test
	void existingSlotWithoutFailoverShouldBeReportedWhenFailoverIsConfigured() {
		ServerChecks.checkSlot(slot(false), "shop", config(true), PG17);
		assertThat(this.appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("'shop_slot'")
				.contains("ALTER_REPLICATION_SLOT \"shop_slot\" (FAILOVER true)"));
	}

	@Test
	void failoverSlotOrNoFailoverWantedShouldPassQuietly() {
		ServerChecks.checkSlot(slot(true), "shop", config(true), PG17);
		ServerChecks.checkSlot(slot(false), "shop", config(false), PG17);
		assertThat(this.appender.list).noneMatch((event) -> event.getLevel() == Level.WARN);
	}

}
