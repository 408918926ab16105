package dev.walstream.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.walstream.decode.ValueDecoders;
import dev.walstream.spring.annotation.EnableWalListeners;
import dev.walstream.spring.annotation.WalListenerAnnotationBeanPostProcessor;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.WalListenerErrorHandler;
import dev.walstream.spring.listener.WalListenerRegistry;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.RetryConfig;
import dev.walstream.stream.SslMode;
import dev.walstream.stream.StreamingMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class WalstreamAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
		.withPropertyValues("walstream.slot.name=orders_slot", "walstream.publication.names=orders_pub",
				"walstream.connection.url=jdbc:postgresql://db.example.com:5433/shop", "walstream.connection.username=cdc",
				"walstream.connection.password=secret");

	@Test
	void createsRunnerRegistryAndAnnotationProcessing() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReplicationRunner.class)
				.hasSingleBean(WalListenerRegistry.class)
				.hasSingleBean(WalListenerAnnotationBeanPostProcessor.class)
				.hasSingleBean(PropertiesWalstreamConnectionDetails.class)
				.hasSingleBean(ValueDecoders.class)
				.hasSingleBean(WalListenerErrorHandler.class);
			ReplicationRunner runner = context.getBean(ReplicationRunner.class);
			assertThat(runner.getSlotName()).isEqualTo("orders_slot");
			assertThat(runner.isAutoStartup()).isTrue();
			assertThat(runner.getPhase()).isEqualTo(Integer.MAX_VALUE - 100);
		});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("walstream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationRunner.class)
				.doesNotHaveBean(WalListenerRegistry.class)
				.doesNotHaveBean(WalstreamProperties.class));
	}

	@Test
	void backsOffWithoutWalstreamCore() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(LogicalReplicationStream.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationRunner.class));
	}

	@Test
	void autoStartupCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("walstream.auto-startup=false")
			.run((context) -> assertThat(context.getBean(ReplicationRunner.class).isAutoStartup()).isFalse());
	}

	@Test
	void userEnableWalListenersIsNotAppliedTwice() {
		this.contextRunner.withUserConfiguration(UserEnabled.class)
			.run((context) -> assertThat(context).hasSingleBean(WalListenerAnnotationBeanPostProcessor.class)
				.hasSingleBean(WalListenerRegistry.class));
	}

	@Test
	void userBeansReplaceEveryDefault() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(WalstreamConnectionDetails.class)
				.doesNotHaveBean(PropertiesWalstreamConnectionDetails.class);
			assertThat(context.getBean(ReplicationStreamConfig.class)).isSameAs(UserBeans.STREAM_CONFIG);
			assertThat(context.getBean(ValueDecoders.class)).isSameAs(UserBeans.VALUE_DECODERS);
			assertThat(context.getBean(WalListenerErrorHandler.class)).isSameAs(UserBeans.ERROR_HANDLER);
			assertThat(context.getBean(ReplicationRunner.class).getSlotName()).isEqualTo("user_slot");
		});
	}

	@Test
	void userRunnerReplacesDefault() {
		this.contextRunner.withUserConfiguration(UserRunner.class)
			.run((context) -> assertThat(context.getBean(ReplicationRunner.class).getSlotName()).isEqualTo("mine"));
	}

	@Test
	void mapsEveryStreamProperty() {
		this.contextRunner
			.withPropertyValues("walstream.protocol-version=3", "walstream.streaming=off", "walstream.binary=true",
					"walstream.messages=false", "walstream.origin=NONE", "walstream.feedback-interval=3s",
					"walstream.server-timeout=45s", "walstream.health-check-interval=1m", "walstream.slot.create=false",
					"walstream.slot.temporary=true", "walstream.slot.two-phase=true", "walstream.slot.failover=true",
					"walstream.publication.names=a,b", "walstream.publication.create=true",
					"walstream.publication.tables=public.orders,lines", "walstream.spill.directory=/tmp/spill-here",
					"walstream.spill.threshold=8MB", "walstream.retry.max-attempts=5", "walstream.retry.initial-delay=1s",
					"walstream.retry.max-delay=9s", "walstream.retry.multiplier=3", "walstream.retry.max-duration=2m",
					"walstream.retry.jitter=0.5")
			.run((context) -> {
				ReplicationStreamConfig config = context.getBean(ReplicationStreamConfig.class);
				assertThat(config.slotName()).isEqualTo("orders_slot");
				assertThat(config.publicationNames()).containsExactly("a", "b");
				assertThat(config.protocolVersion()).isEqualTo(3);
				assertThat(config.streaming()).isEqualTo(StreamingMode.OFF);
				assertThat(config.binary()).isTrue();
				assertThat(config.messages()).isFalse();
				assertThat(config.origin()).isEqualTo("none");
				assertThat(config.feedbackInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.serverTimeout()).isEqualTo(Duration.ofSeconds(45));
				assertThat(config.healthCheckInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(config.createSlot()).isFalse();
				assertThat(config.temporarySlot()).isTrue();
				assertThat(config.twoPhase()).isTrue();
				assertThat(config.failoverSlot()).isTrue();
				assertThat(config.createPublication()).isTrue();
				assertThat(config.publicationTables()).containsExactly("public.orders", "lines");
				assertThat(config.spillDirectory()).isEqualTo(Path.of("/tmp/spill-here"));
				assertThat(config.spillThresholdBytes()).isEqualTo(8L * 1024 * 1024);
				assertThat(config.retry()).isEqualTo(new RetryConfig(5, Duration.ofSeconds(1), Duration.ofSeconds(9), 3.0,
						Duration.ofMinutes(2), 0.5));
				assertThat(config.autoAcknowledge()).isFalse();
			});
	}

	@Test
	void defaultsMatchTheCore() {
		this.contextRunner.run((context) -> {
			ReplicationStreamConfig config = context.getBean(ReplicationStreamConfig.class);
			ReplicationStreamConfig core = ReplicationStreamConfig.builder("orders_slot", "orders_pub").build();
			assertThat(config.protocolVersion()).isNull();
			assertThat(config.streaming()).isEqualTo(core.streaming());
			assertThat(config.messages()).isEqualTo(core.messages());
			assertThat(config.feedbackInterval()).isEqualTo(core.feedbackInterval());
			assertThat(config.serverTimeout()).isEqualTo(core.serverTimeout());
			assertThat(config.healthCheckInterval()).isEqualTo(core.healthCheckInterval());
			assertThat(config.retry()).isEqualTo(RetryConfig.defaults());
			assertThat(config.createSlot()).isEqualTo(core.createSlot());
			assertThat(config.spillDirectory()).isEqualTo(core.spillDirectory());
			assertThat(config.spillThresholdBytes()).isEqualTo(core.spillThresholdBytes());
		});
	}

	@Test
	void mapsEveryConnectionProperty() {
		this.contextRunner
			.withPropertyValues("walstream.connection.url=", "walstream.connection.host=db.internal",
					"walstream.connection.port=6543", "walstream.connection.database=orders",
					"walstream.connection.ssl-mode=verify-ca", "walstream.connection.ssl-root-cert=/certs/ca.pem",
					"walstream.connection.ssl-cert=/certs/client.pem", "walstream.connection.ssl-key=/certs/client.key",
					"walstream.connection.application-name=orders-cdc", "walstream.connection.connect-timeout=7s")
			.run((context) -> {
				ConnectionConfig config = connection(context);
				assertThat(config.host()).isEqualTo("db.internal");
				assertThat(config.port()).isEqualTo(6543);
				assertThat(config.database()).isEqualTo("orders");
				assertThat(config.user()).isEqualTo("cdc");
				assertThat(config.hasPassword()).isTrue();
				assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_CA);
				assertThat(config.driverPropertiesForConnection(false)).containsEntry("sslrootcert", "/certs/ca.pem")
					.containsEntry("sslcert", "/certs/client.pem")
					.containsEntry("sslkey", "/certs/client.key")
					.containsEntry("password", "secret");
				assertThat(config.applicationName()).isEqualTo("orders-cdc");
				assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void connectionUrlIsParsed() {
		this.contextRunner.run((context) -> {
			ConnectionConfig config = connection(context);
			assertThat(config.host()).isEqualTo("db.example.com");
			assertThat(config.port()).isEqualTo(5433);
			assertThat(config.database()).isEqualTo("shop");
			assertThat(config.user()).isEqualTo("cdc");
		});
	}

	@Test
	void connectionFallsBackToSpringDatasource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
			.withPropertyValues("walstream.slot.name=s", "walstream.publication.names=p",
					"spring.datasource.url=jdbc:postgresql://localhost:5432/app", "spring.datasource.username=app",
					"spring.datasource.password=app-secret")
			.run((context) -> {
				ConnectionConfig config = connection(context);
				assertThat(config.database()).isEqualTo("app");
				assertThat(config.user()).isEqualTo("app");
				assertThat(config.driverPropertiesForConnection(false)).containsEntry("password", "app-secret");
			});
	}

	@Test
	void ownUserDoesNotInheritTheDatasourcePassword() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
			.withPropertyValues("walstream.slot.name=s", "walstream.publication.names=p",
					"walstream.connection.username=replicator",
					"spring.datasource.url=jdbc:postgresql://localhost:5432/app", "spring.datasource.username=app",
					"spring.datasource.password=app-secret")
			.run((context) -> {
				ConnectionConfig config = connection(context);
				assertThat(config.user()).isEqualTo("replicator");
				assertThat(config.hasPassword()).isFalse();
			});
	}

	@Test
	void connectionFallsBackToJdbcConnectionDetails() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
			.withPropertyValues("walstream.slot.name=s", "walstream.publication.names=p")
			.withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {
				@Override
				public String getUsername() {
					return "container";
				}

				@Override
				public String getPassword() {
					return "container-secret";
				}

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://127.0.0.1:32768/test";
				}
			})
			.run((context) -> {
				ConnectionConfig config = connection(context);
				assertThat(config.port()).isEqualTo(32768);
				assertThat(config.user()).isEqualTo("container");
				assertThat(config.driverPropertiesForConnection(false)).containsEntry("password", "container-secret");
			});
	}

	@Test
	void missingConnectionFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
			.withPropertyValues("walstream.slot.name=s", "walstream.publication.names=p")
			.run((context) -> assertInvalid(context, "walstream.connection.url"));
	}

	@Test
	void missingSlotNameFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class))
			.withPropertyValues("walstream.publication.names=p", "walstream.connection.url=jdbc:postgresql://h/d?user=u")
			.run((context) -> assertInvalid(context, "walstream.slot.name"));
	}

	@Test
	void invalidValuesFailNamingTheProperty() {
		assertInvalidWith("walstream.slot.name", "walstream.slot.name=Not-Valid");
		assertInvalidWith("walstream.publication.names", "walstream.publication.names=");
		assertInvalidWith("walstream.publication.tables", "walstream.publication.tables=a.b.c");
		assertInvalidWith("walstream.protocol-version", "walstream.protocol-version=5");
		assertInvalidWith("walstream.protocol-version", "walstream.protocol-version=2", "walstream.slot.two-phase=true");
		assertInvalidWith("walstream.protocol-version", "walstream.protocol-version=1", "walstream.streaming=on");
		assertInvalidWith("walstream.origin", "walstream.origin=elsewhere");
		assertInvalidWith("walstream.feedback-interval", "walstream.feedback-interval=0s");
		assertInvalidWith("walstream.server-timeout", "walstream.server-timeout=-1s");
		assertInvalidWith("walstream.health-check-interval", "walstream.health-check-interval=0");
		assertInvalidWith("walstream.spill.threshold", "walstream.spill.threshold=0B");
		assertInvalidWith("walstream.retry.max-attempts", "walstream.retry.max-attempts=-1");
		assertInvalidWith("walstream.retry.initial-delay", "walstream.retry.initial-delay=-1s");
		assertInvalidWith("walstream.retry.max-delay", "walstream.retry.max-delay=100ms");
		assertInvalidWith("walstream.retry.multiplier", "walstream.retry.multiplier=0.5");
		assertInvalidWith("walstream.retry.max-duration", "walstream.retry.max-duration=-1s");
		assertInvalidWith("walstream.retry.jitter", "walstream.retry.jitter=1.5");
		assertInvalidWith("walstream.listener.retry.max-retries", "walstream.listener.retry.max-retries=-1");
		assertInvalidWith("walstream.listener.retry.delay", "walstream.listener.retry.delay=-1s");
		assertInvalidWith("walstream.listener.retry.multiplier", "walstream.listener.retry.multiplier=0");
		assertInvalidWith("walstream.listener.retry.max-delay", "walstream.listener.retry.max-delay=1ms");
		assertInvalidWith("walstream.listener.retry.jitter", "walstream.listener.retry.jitter=-1ms");
		assertInvalidWith("walstream.slot.standby-interval", "walstream.slot.standby-interval=0s");
		assertInvalidWith("walstream.shutdown-timeout", "walstream.shutdown-timeout=0s");
		assertInvalidWith("walstream.connection.connect-timeout", "walstream.connection.connect-timeout=0s");
		assertInvalidWith("walstream.connection.url", "walstream.connection.url=jdbc:mysql://h/d");
		assertInvalidWith("walstream.connection.database", "walstream.connection.url=",
				"walstream.connection.host=somewhere");
	}

	@Test
	void errorHandlingDefaultsToStop() {
		this.contextRunner.run((context) -> assertThat(context.getBean(WalListenerErrorHandler.class))
			.hasToString("LoggingErrorHandler[STOP]"));
	}

	@Test
	void errorHandlingSkipIsConfigurable() {
		this.contextRunner.withPropertyValues("walstream.listener.error-handling=skip")
			.run((context) -> assertThat(context.getBean(WalListenerErrorHandler.class))
				.hasToString("LoggingErrorHandler[SKIP]"));
	}

	@Test
	void listenerBackOffDefaultsToTwoRetriesDoubling() {
		BackOffExecution execution = StreamConfigMapper.listenerBackOff(new WalstreamProperties().getListener().getRetry())
			.start();
		assertThat(List.of(execution.nextBackOff(), execution.nextBackOff(), execution.nextBackOff()))
			.containsExactly(1000L, 2000L, BackOffExecution.STOP);
	}

	@Test
	void listenerBackOffFollowsProperties() {
		WalstreamProperties.ListenerRetry retry = new WalstreamProperties().getListener().getRetry();
		retry.setMaxRetries(4);
		retry.setDelay(Duration.ofMillis(100));
		retry.setMultiplier(3);
		retry.setMaxDelay(Duration.ofMillis(500));
		BackOffExecution execution = StreamConfigMapper.listenerBackOff(retry).start();
		assertThat(List.of(execution.nextBackOff(), execution.nextBackOff(), execution.nextBackOff(),
				execution.nextBackOff(), execution.nextBackOff()))
			.containsExactly(100L, 300L, 500L, 500L, BackOffExecution.STOP);
	}

	@Test
	void zeroListenerRetriesHandsFailuresOverAtOnce() {
		WalstreamProperties.ListenerRetry retry = new WalstreamProperties().getListener().getRetry();
		retry.setMaxRetries(0);
		BackOff backOff = StreamConfigMapper.listenerBackOff(retry);
		assertThat(backOff.start().nextBackOff()).isEqualTo(BackOffExecution.STOP);
	}

	@Test
	void listenerBackOffJitterStaysWithinBounds() {
		WalstreamProperties.ListenerRetry retry = new WalstreamProperties().getListener().getRetry();
		retry.setJitter(Duration.ofMillis(200));
		long first = StreamConfigMapper.listenerBackOff(retry).start().nextBackOff();
		assertThat(first).isBetween(800L, 1200L);
	}

	private static ConnectionConfig connection(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(WalstreamConnectionDetails.class).getConnectionConfig();
	}

	private void assertInvalidWith(String property, String... values) {
		this.contextRunner.withPropertyValues(values).run((context) -> assertInvalid(context, property));
	}

	private static void assertInvalid(org.springframework.boot.test.context.assertj.AssertableApplicationContext context,
			String property) {
		assertThat(context).as(property)
			.getFailure()
			.rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getName()).isEqualTo(property));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWalListeners
	static class UserEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final ReplicationStreamConfig STREAM_CONFIG = ReplicationStreamConfig.builder("user_slot", "user_pub")
			.build();

		static final ValueDecoders VALUE_DECODERS = ValueDecoders.defaults();

		static final WalListenerErrorHandler ERROR_HANDLER = (failure) -> WalListenerErrorHandler.Resolution.SKIP;

		@Bean
		WalstreamConnectionDetails userConnectionDetails() {
			return () -> ConnectionConfig.fromLibpq("host=elsewhere dbname=d user=u");
		}

		@Bean
		ReplicationStreamConfig userStreamConfig() {
			return STREAM_CONFIG;
		}

		@Bean
		ValueDecoders userValueDecoders() {
			return VALUE_DECODERS;
		}

		@Bean
		WalListenerErrorHandler userErrorHandler() {
			return ERROR_HANDLER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRunner {

		@Bean
		ReplicationRunner userRunner(WalListenerRegistry registry) {
			return new ReplicationRunner(ConnectionConfig.fromLibpq("host=h dbname=d user=u"),
					ReplicationStreamConfig.builder("mine", "p").build(), registry);
		}

	}

}
