package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.steward.client.testing.ArchitectureRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The architecture rules catch what they are for: {@code ArchitectureTest} passing means something. */
class ArchitectureRulesTest {
  private final JavaClasses fixture = new ClassFileImporter().importPackages("dev.steward.client.archfixture");

  @Test
  void publicSignaturesNamingAnInternalTypeAreViolations() {
    EvaluationResult result = ArchitectureRules.publicApiNamesNoInternalType().evaluate(fixture);

    List<String> details = result.getFailureReport().getDetails();
    String hidden = "dev.steward.client.archfixture.internal.Hidden";
    assertThat(details).containsExactlyInAnyOrder(
        "dev.steward.client.archfixture.Leaky.field " + hidden,
        "dev.steward.client.archfixture.Leaky.<init>(" + hidden + ") parameter " + hidden,
        "dev.steward.client.archfixture.Leaky.returned() returns " + hidden,
        "dev.steward.client.archfixture.Leaky.overridable([L" + hidden + ";) parameter " + hidden);
  }

  @Test
  void anotherModulesInternalPackageIsOffLimitsButItsOwnIsNot() {
    EvaluationResult outside =
        ArchitectureRules.usesNoInternalPackageOfAnotherModule("dev.steward.client.archfixture.outside")
            .evaluate(fixture);
    assertThat(outside.getFailureReport().getDetails()).singleElement().asString()
        .contains("Borrower.borrow()", "archfixture.internal.Hidden");

    assertThat(ArchitectureRules.usesNoInternalPackageOfAnotherModule("dev.steward.client.archfixture")
        .evaluate(fixture).hasViolation()).isFalse();
  }
}
