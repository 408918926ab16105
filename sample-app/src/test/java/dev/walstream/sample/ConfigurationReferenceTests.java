package dev.walstream.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the configuration reference of README.md in step with the configuration metadata that
 * walstream-spring-boot-autoconfigure generates from its properties: the same {@code walstream.*}
 * keys, each with a meaning, and the same default wherever the metadata knows one.
 */
class ConfigurationReferenceTests {

	/** A row of the reference: | `walstream.key` | default | meaning | */
	private static final Pattern ROW = Pattern.compile("^\\|\\s*`(walstream\\.[a-z0-9.-]+)`\\s*\\|([^|]*)\\|(.*)\\|\\s*$");

	private static final Pattern FIRST_CODE = Pattern.compile("`([^`]+)`");

	@Test
	void readmeDocumentsEveryPropertyOfTheMetadataAndNoOther() throws IOException {
		Map<String, Row> readme = readmeRows();
		Map<String, Map<String, Object>> metadata = metadataProperties();
		assertThat(metadata).as("walstream.* properties in the configuration metadata").isNotEmpty();
		assertThat(new TreeSet<>(readme.keySet())).as("walstream.* properties in README.md's configuration reference")
			.isEqualTo(new TreeSet<>(metadata.keySet()));
	}

	@Test
	void readmeGivesEveryPropertyAMeaning() throws IOException {
		assertThat(readmeRows().values()).allSatisfy((row) -> assertThat(row.meaning()).as(row.key()).hasSizeGreaterThan(10));
	}

	@Test
	void readmeShowsTheDefaultsOfTheMetadata() throws IOException {
		Map<String, Row> readme = readmeRows();
		metadataProperties().forEach((key, property) -> {
			Object expected = property.get("defaultValue");
			Row row = readme.get(key);
			if (expected == null || row == null || (expected instanceof List<?> list && list.isEmpty())) {
				return;
			}
			Matcher code = FIRST_CODE.matcher(row.defaultValue());
			assertThat(code.find()).as("default of %s in README.md, expected `%s`", key, expected).isTrue();
			assertThat(sameDefault(expected, code.group(1), String.valueOf(property.get("type"))))
				.as("default of %s: README.md says `%s`, the metadata %s", key, code.group(1), expected)
				.isTrue();
		});
	}

	private static boolean sameDefault(Object expected, String documented, String type) {
		if (expected instanceof Number number) {
			String value = documented;
			if (type.equals("java.time.Duration") && number.doubleValue() == 0) {
				// a Duration of 0 is generated as the number 0; README.md may give it a unit
				value = value.replaceAll("(ms|s)$", "");
			}
			try {
				return Double.parseDouble(value) == number.doubleValue();
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return String.valueOf(expected).equalsIgnoreCase(documented);
	}

	private static Map<String, Row> readmeRows() throws IOException {
		Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
		assertThat(readme).as("README.md next to the sample-app module").isRegularFile();
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
			Matcher matcher = ROW.matcher(line);
			if (matcher.matches()) {
				Row row = new Row(matcher.group(1), matcher.group(2).trim(), matcher.group(3).trim());
				assertThat(rows.put(row.key(), row)).as("second row for %s in README.md", row.key()).isNull();
			}
		}
		return rows;
	}

	/**
	 * The {@code walstream.*} properties of every configuration metadata file on the class path, by
	 * name (walstream-spring-boot-autoconfigure's, in practice).
	 */
	private static Map<String, Map<String, Object>> metadataProperties() throws IOException {
		Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
		List<URL> files = Collections.list(ConfigurationReferenceTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		for (URL file : files) {
			try (InputStream in = file.openStream()) {
				List<Map<String, Object>> all = JsonPath.read(in, "$.properties[*]");
				for (Map<String, Object> property : all) {
					String name = (String) property.get("name");
					if (name.startsWith("walstream.") && !isDeprecated(property)) {
						properties.put(name, property);
					}
				}
			}
		}
		return properties;
	}

	private static boolean isDeprecated(Map<String, Object> property) {
		return Boolean.TRUE.equals(property.get("deprecated"));
	}

	/**
	 * A row of README.md's configuration reference.
	 */
	private record Row(String key, String defaultValue, String meaning) {

	}

}
