package dev.walstream.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor's metadata describes every {@code walstream.*} property, so that
 * IDEs complete and document them.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasMetadataWithDescription() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		List<String> expected = propertyNames("walstream", WalstreamProperties.class);
		assertThat(expected).hasSizeGreaterThan(40);
		assertThat(metadata.keySet()).containsAll(expected);
		for (String name : expected) {
			assertThat((String) metadata.get(name).get("description")).as(name).isNotBlank().doesNotStartWith("The ");
		}
	}

	@Test
	void booleansSayWhetherAndTimesAreDurations() throws IOException {
		metadata().forEach((name, property) -> {
			if ("java.lang.Boolean".equals(property.get("type"))) {
				assertThat((String) property.get("description")).as(name).startsWith("Whether");
			}
			if (name.endsWith("-interval") || name.endsWith("-timeout") || name.endsWith("delay")) {
				assertThat(property.get("type")).as(name).isEqualTo("java.time.Duration");
			}
		});
	}

	@Test
	void defaultsAndTypesAreRecorded() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		assertThat(metadata.get("walstream.enabled")).containsEntry("defaultValue", true);
		assertThat(metadata.get("walstream.feedback-interval")).containsEntry("defaultValue", "10s");
		assertThat(metadata.get("walstream.spill.threshold")).containsEntry("type",
				"org.springframework.util.unit.DataSize");
		assertThat(metadata.get("walstream.spill.threshold")).containsEntry("defaultValue", "64MB");
		assertThat(metadata.get("walstream.listener.retry.max-retries")).containsEntry("defaultValue", 2);
		assertThat(metadata.get("walstream.slot.create")).containsEntry("defaultValue", true);
	}

	@Test
	void protocolVersionAndOriginHaveValueHints() throws IOException {
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			List<String> hinted = JsonPath.read(json, "$.hints[*].name");
			assertThat(hinted).contains("walstream.protocol-version", "walstream.origin");
		}
	}

	private static Map<String, Map<String, Object>> metadata() throws IOException {
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
			Map<String, Map<String, Object>> byName = new java.util.TreeMap<>();
			properties.forEach((property) -> byName.put((String) property.get("name"), property));
			return byName;
		}
	}

	private static List<String> propertyNames(String prefix, Class<?> type) {
		List<String> names = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getName().equals("class")) {
				continue;
			}
			String name = prefix + "." + kebabCase(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getName().startsWith(WalstreamProperties.class.getName() + "$") && !propertyType.isEnum()) {
				names.addAll(propertyNames(name, propertyType));
			}
			else {
				names.add(name);
			}
		}
		return names;
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
	}

}
