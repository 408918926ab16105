package dev.walstream.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * An order and inventory shop whose {@link dev.walstream.spring.annotation.WalListener @WalListener}
 * methods log every change of its tables. With no database configured it starts PostgreSQL itself
 * ({@link dev.walstream.sample.embedded.EmbeddedPostgresInitializer}) and places orders on its own
 * ({@link dev.walstream.sample.shop.WorkloadGenerator}); with the {@code external} profile it streams
 * from the server of {@code spring.datasource.*} and creates nothing there but its replication slot.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
