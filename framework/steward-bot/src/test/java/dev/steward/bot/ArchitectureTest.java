package dev.steward.bot;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.steward.client.testing.ArchitectureRules;

/**
 * The runtime's architecture: its public API names no internal type (its own or the client's), it uses nothing of
 * the client's internals, and nothing built on top of it.
 */
@AnalyzeClasses(packages = "dev.steward.bot", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule publicApiNamesNoInternalType = ArchitectureRules.publicApiNamesNoInternalType();

  @ArchTest
  static final ArchRule dependsOnNoLayerAbove = ArchitectureRules.botDependsOnNoLayerAbove();

  @ArchTest
  static final ArchRule usesNoInternalPackageOfAnotherModule =
      ArchitectureRules.usesNoInternalPackageOfAnotherModule("dev.steward.bot");
}
