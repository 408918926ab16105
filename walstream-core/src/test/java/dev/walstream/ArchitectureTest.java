package dev.walstream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of walstream-core: no Spring, no package cycles, and the codec and the value
 * decoders independent of the stream built on them.
 */
class ArchitectureTest {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.walstream");

	@Test
	void coreShouldNotDependOnSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
	}

	@Test
	void packagesShouldBeFreeOfCycles() {
		slices().matching("dev.walstream.(*)..").should().beFreeOfCycles().check(CORE);
	}

	@Test
	void codecAndDecodersShouldNotKnowTheLayersAboveThem() {
		noClasses().that()
			.resideInAnyPackage("dev.walstream.protocol..", "dev.walstream.decode..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.walstream.stream..", "dev.walstream.event..")
			.check(CORE);
		noClasses().that()
			.resideInAPackage("dev.walstream.event..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.walstream.stream..")
			.check(CORE);
	}

}
