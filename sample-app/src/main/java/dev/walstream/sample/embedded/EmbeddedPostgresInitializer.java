package dev.walstream.sample.embedded;

import java.util.List;

import dev.walstream.sample.SampleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the sample's own PostgreSQL before any bean is created, when no database is configured:
 * neither {@code spring.datasource.url} nor {@code walstream.connection.url} or {@code host} is set,
 * and {@code sample.embedded-database.enabled} is not {@code false}. The server's connection goes into
 * the environment at the lowest precedence, so the DataSource and walstream both find it, and the
 * server becomes a bean that is closed last.
 *
 * <p>Registered in {@code META-INF/spring.factories}, so that tests of the application get it too.
 *
 * @since 0.1.0
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Name of the property source and of the bean of the embedded server. */
	public static final String NAME = "sampleEmbeddedDatabase";

	private static final List<String> CONNECTION_PROPERTIES = List.of("spring.datasource.url",
			"walstream.connection.url", "walstream.connection.host");

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		SampleProperties.EmbeddedDatabase settings = Binder.get(environment)
			.bindOrCreate("sample.embedded-database", SampleProperties.EmbeddedDatabase.class);
		if (!settings.enabled()) {
			return;
		}
		for (String property : CONNECTION_PROPERTIES) {
			if (StringUtils.hasText(environment.getProperty(property))) {
				logger.info("{} is set: streaming from that server, no embedded PostgreSQL", property);
				return;
			}
		}
		if (!(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)) {
			throw new IllegalStateException("Cannot register the embedded PostgreSQL with " + context);
		}
		EmbeddedShopDatabase database = EmbeddedShopDatabase.start(settings.port());
		environment.getPropertySources().addLast(new MapPropertySource(NAME, database.properties()));
		// registered before any other bean, so destroyed after all of them: walstream and the
		// DataSource let go of the server before it stops, and a failed start-up stops it too
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(NAME, database);
		registry.registerDisposableBean(NAME, database::close);
	}

}
