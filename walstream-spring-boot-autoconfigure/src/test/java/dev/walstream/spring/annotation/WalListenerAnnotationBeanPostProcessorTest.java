package dev.walstream.spring.annotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.Operation;
import dev.walstream.event.Row;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.listener.WalListenerRegistry;
import dev.walstream.spring.testsupport.Events;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WalListenerAnnotationBeanPostProcessorTest {

	@Test
	void registersEndpointsOfBeansAndConfigurationClasses() {
		try (AnnotationConfigApplicationContext context = context(ListenerConfiguration.class)) {
			WalListenerRegistry registry = context.getBean(WalListenerRegistry.class);
			String configurationListener = "walListenerAnnotationBeanPostProcessorTest.ListenerConfiguration.onAudit";
			assertThat(registry.getEndpointIds()).containsExactlyInAnyOrder("orders", configurationListener,
					"transactions");
			WalListenerEndpoint orders = registry.getEndpoint("orders");
			assertThat(orders.getOperations()).containsExactlyInAnyOrder(Operation.INSERT, Operation.UPDATE);
			assertThat(orders.getTables().matches("public", "orders")).isTrue();
			assertThat(orders.isTransactional()).isFalse();
			assertThat(registry.getEndpoint(configurationListener).getTables().matches("audit", "log")).isTrue();
			assertThat(registry.getEndpoint("transactions").isTransactional()).isTrue();
		}
	}

	@Test
	void resolvesPlaceholdersInIdTablesAndAutoStartup() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test",
						Map.of("app.tables", "sales.orders, sales.lines", "app.id", "configured", "app.start", "false")));
			context.register(PlaceholderListener.class);
			context.refresh();
			WalListenerEndpoint endpoint = context.getBean(WalListenerRegistry.class).getEndpoint("configured");
			assertThat(endpoint.getTables().matches("sales", "lines")).isTrue();
			assertThat(endpoint.getTables().matches("sales", "orders")).isTrue();
			assertThat(endpoint.isActive()).isFalse();
		}
	}

	@Test
	void callsTheMethodThroughTheBeansProxy() throws Exception {
		try (AnnotationConfigApplicationContext context = context(ProxiedConfiguration.class)) {
			WalListenerEndpoint endpoint = context.getBean(WalListenerRegistry.class).getEndpoint("proxied");
			endpoint.getInvocable()
				.invoke(WalInvocation
					.of(Events.insert(7, 100, 1, Events.row(Events.orders("public", "orders"), "1", "Ada", "2"))));
			ProxiedConfiguration configuration = context.getBean(ProxiedConfiguration.class);
			assertThat(configuration.intercepted).containsExactly("onRow");
		}
	}

	@Test
	void invalidSignatureFailsStartupNamingBeanAndMethod() {
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context(InvalidListener.class))
			.havingRootCause()
			.withMessageContaining("must return void");
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context(InvalidListener.class))
			.withMessageContaining("Invalid @WalListener on bean 'walListenerAnnotationBeanPostProcessorTest.InvalidListener', method on");
	}

	@Test
	void unsupportedOperationFailsStartup() {
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context(CommitListener.class))
			.withMessageContaining("a listener cannot receive COMMIT events");
	}

	@Test
	void duplicateIdFailsStartup() {
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context(DuplicateListeners.class))
			.withMessageContaining("Another @WalListener already has the id 'same'");
	}

	@Test
	void enablingTwiceRegistersOneProcessor() {
		try (AnnotationConfigApplicationContext context = context(ListenerConfiguration.class, SecondEnable.class)) {
			assertThat(context.getBeansOfType(WalListenerAnnotationBeanPostProcessor.class)).hasSize(1);
			assertThat(context.getBean(WalListenerRegistry.class).getEndpoints()).hasSize(3);
		}
	}

	private static AnnotationConfigApplicationContext context(Class<?>... classes) {
		return new AnnotationConfigApplicationContext(classes);
	}

	@Configuration
	@EnableWalListeners
	static class ListenerConfiguration {

		@WalListener(tables = "audit.*")
		void onAudit(ChangeEvent event) {
		}

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

	@Configuration
	@EnableWalListeners
	static class SecondEnable {

	}

	static class OrderListener {

		@WalListener(id = "orders", tables = "orders", events = { Operation.INSERT, Operation.UPDATE })
		void on(Row row) {
		}

		@WalListener(id = "transactions")
		void on(List<ChangeEvent> transaction) {
		}

	}

	@Configuration
	@EnableWalListeners
	static class PlaceholderListener {

		@WalListener(id = "${app.id}", tables = "${app.tables}", autoStartup = "${app.start}")
		void on(ChangeEvent event) {
		}

	}

	interface RowHandler {

		void onRow(Row row);

	}

	static class ProxiedListener implements RowHandler {

		@Override
		@WalListener(id = "proxied")
		public void onRow(Row row) {
		}

	}

	@Configuration
	@EnableWalListeners
	static class ProxiedConfiguration {

		final List<String> intercepted = new ArrayList<>();

		@Bean
		ProxiedListener proxiedListener() {
			return new ProxiedListener();
		}

		/**
		 * Proxies like Spring's auto-proxy creators, which run before other post-processors.
		 */
		@Bean
		static OrderedPostProcessor proxier(ProxiedConfiguration configuration) {
			return new OrderedPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof ProxiedListener)) {
						return bean;
					}
					ProxyFactory factory = new ProxyFactory(bean);
					factory.addAdvice((MethodInterceptor) (invocation) -> {
						configuration.intercepted.add(invocation.getMethod().getName());
						return invocation.proceed();
					});
					return factory.getProxy();
				}
			};
		}

	}

	interface OrderedPostProcessor extends BeanPostProcessor, Ordered {

		@Override
		default int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

	@Configuration
	@EnableWalListeners
	static class InvalidListener {

		@WalListener
		String on(ChangeEvent event) {
			return "";
		}

	}

	@Configuration
	@EnableWalListeners
	static class CommitListener {

		@WalListener(events = Operation.COMMIT)
		void on(ChangeEvent event) {
		}

	}

	@Configuration
	@EnableWalListeners
	static class DuplicateListeners {

		@WalListener(id = "same")
		void first(ChangeEvent event) {
		}

		@WalListener(id = "same")
		void second(ChangeEvent event) {
		}

	}

}
