package dev.steward.client.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The architecture rules every Steward module checks with ArchUnit: its public API names no type from an
 * {@code internal} package, and modules depend one way (client, then bot, then bots and examples).
 */
public final class ArchitectureRules {
  /** Every module's machinery package, wherever it sits. */
  public static final String INTERNAL = "..internal..";

  private ArchitectureRules() {}

  /**
   * No type a caller outside the module can reach names an internal type in its signature: superclass, interfaces,
   * type parameters, and each public (or, in a class open to subclassing, protected) field, constructor and method:
   * field type, parameters, return type, thrown exceptions. Internal types may still be used inside method bodies.
   */
  public static ArchRule publicApiNamesNoInternalType() {
    return classes().that().resideOutsideOfPackage(INTERNAL)
        .should(new ArchCondition<JavaClass>("name no " + INTERNAL + " type in a public signature") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            if (!reachable(type)) {
              return;
            }
            for (String problem : internalTypesIn(type)) {
              events.add(SimpleConditionEvent.violated(type, problem));
            }
          }
        })
        // A module with no API of its own (nothing but internal packages) has nothing to break the rule.
        .allowEmptyShould(true);
  }

  /** Nothing in {@code dev.steward.client} depends on the bot runtime or on anything built on it. */
  public static ArchRule clientDependsOnNoLayerAbove() {
    return noClasses().that().resideInAPackage("dev.steward.client..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.steward.bot..", "dev.steward.bots..",
            "dev.steward.examples..", "dev.steward.test..", "dev.steward.bench..")
        .because("the client knows nothing of bots (DESIGN.md: one way only)");
  }

  /** The runtime builds on the client, never on the bots, examples, test kit or benchmarks built on it. */
  public static ArchRule botDependsOnNoLayerAbove() {
    return noClasses().that().resideInAPackage("dev.steward.bot..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.steward.bots..", "dev.steward.examples..",
            "dev.steward.test..", "dev.steward.bench..")
        .because("ready-made bots and examples build on the runtime, not the other way round");
  }

  /** The client is plain Java over OkHttp and Jackson, usable without Spring. */
  public static ArchRule clientUsesNoSpring() {
    return noClasses().that().resideInAPackage("dev.steward.client..")
        .should().dependOnClassesThat().resideInAPackage("org.springframework..")
        .because("the client has no Spring (DESIGN.md)");
  }

  /**
   * No class of the module rooted at {@code modulePackage} (e.g. {@code dev.steward.bot}) depends on another
   * module's {@code internal} package.
   */
  public static ArchRule usesNoInternalPackageOfAnotherModule(String modulePackage) {
    return noClasses().that().resideInAPackage(modulePackage + "..")
        .should().dependOnClassesThat(resideInAPackage("dev.steward" + INTERNAL)
            .and(not(resideInAnyPackage(modulePackage + ".."))))
        .because("nothing imports an internal package from outside its module (DESIGN.md)");
  }

  /** Whether code outside the type's package can name it: public, and so is every class it is nested in. */
  private static boolean reachable(JavaClass type) {
    for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
      if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean reachable(JavaClass owner, JavaMember member) {
    Set<JavaModifier> m = member.getModifiers();
    if (m.contains(JavaModifier.SYNTHETIC) || m.contains(JavaModifier.BRIDGE)) {
      return false;
    }
    return m.contains(JavaModifier.PUBLIC)
        || m.contains(JavaModifier.PROTECTED) && !owner.getModifiers().contains(JavaModifier.FINAL);
  }

  private static List<String> internalTypesIn(JavaClass type) {
    List<String> problems = new ArrayList<>();
    type.getSuperclass().ifPresent(s -> check(problems, type.getName() + " extends", List.of(s)));
    check(problems, type.getName() + " implements", type.getInterfaces());
    check(problems, type.getName() + " type parameters", type.getTypeParameters());
    for (JavaField f : type.getFields()) {
      if (reachable(type, f)) {
        check(problems, f.getFullName(), List.of(f.getType()));
      }
    }
    for (JavaCodeUnit u : type.getCodeUnits()) {
      if (!reachable(type, u)) {
        continue;
      }
      check(problems, u.getFullName() + " parameter", u.getParameterTypes());
      check(problems, u.getFullName() + " returns", List.of(u.getReturnType()));
      check(problems, u.getFullName() + " throws", u.getThrowsClause().getTypes());
      check(problems, u.getFullName() + " type parameters", u.getTypeParameters());
    }
    return problems;
  }

  private static void check(List<String> problems, String where, Collection<? extends JavaType> types) {
    Set<String> internal = new TreeSet<>();
    for (JavaType t : types) {
      for (JavaClass raw : t.getAllInvolvedRawTypes()) {
        JavaClass base = raw.isArray() ? raw.getBaseComponentType() : raw;
        if (resideInAPackage(INTERNAL).test(base)) {
          internal.add(base.getName());
        }
      }
    }
    for (String name : internal) {
      problems.add(where + " " + name);
    }
  }
}
