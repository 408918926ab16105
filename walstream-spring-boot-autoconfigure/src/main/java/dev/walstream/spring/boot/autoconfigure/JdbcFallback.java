package dev.walstream.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The application's own JDBC connection, which walstream uses for what {@code walstream.connection}
 * leaves unset: Boot's {@link JdbcConnectionDetails} when spring-boot-jdbc is present and provides
 * one (from {@code spring.datasource.*} or a {@code @ServiceConnection} container), else the
 * {@code spring.datasource.*} properties themselves.
 *
 * @param url the JDBC URL, or {@code null}
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 */
record JdbcFallback(@Nullable String url, @Nullable String username, @Nullable String password) {

	private static final String JDBC_CONNECTION_DETAILS = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails";

	static JdbcFallback find(Environment environment, ListableBeanFactory beanFactory) {
		if (ClassUtils.isPresent(JDBC_CONNECTION_DETAILS, JdbcFallback.class.getClassLoader())) {
			JdbcFallback fromDetails = BootJdbc.find(beanFactory);
			if (fromDetails != null) {
				return fromDetails;
			}
		}
		Binder binder = Binder.get(environment);
		return new JdbcFallback(binder.bind("spring.datasource.url", String.class).orElse(null),
				binder.bind("spring.datasource.username", String.class).orElse(null),
				binder.bind("spring.datasource.password", String.class).orElse(null));
	}

	/**
	 * Touches spring-boot-jdbc's types only when they are present.
	 */
	private static final class BootJdbc {

		static @Nullable JdbcFallback find(ListableBeanFactory beanFactory) {
			JdbcConnectionDetails details = beanFactory.getBeanProvider(JdbcConnectionDetails.class).getIfUnique();
			if (details == null || !details.getJdbcUrl().startsWith("jdbc:postgresql:")) {
				return null;
			}
			return new JdbcFallback(details.getJdbcUrl(), details.getUsername(), details.getPassword());
		}

	}

}
