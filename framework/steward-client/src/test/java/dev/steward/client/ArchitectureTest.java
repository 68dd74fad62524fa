package dev.steward.client;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.steward.client.testing.ArchitectureRules;

/** The client's architecture: its public API names no internal type, and it knows nothing of bots or Spring. */
@AnalyzeClasses(packages = "dev.steward.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule publicApiNamesNoInternalType = ArchitectureRules.publicApiNamesNoInternalType();

  @ArchTest
  static final ArchRule dependsOnNoLayerAbove = ArchitectureRules.clientDependsOnNoLayerAbove();

  @ArchTest
  static final ArchRule usesNoSpring = ArchitectureRules.clientUsesNoSpring();

  @ArchTest
  static final ArchRule usesNoInternalPackageOfAnotherModule =
      ArchitectureRules.usesNoInternalPackageOfAnotherModule("dev.steward.client");
}
