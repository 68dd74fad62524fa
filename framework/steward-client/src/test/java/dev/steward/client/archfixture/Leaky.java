package dev.steward.client.archfixture;

import dev.steward.client.archfixture.internal.Hidden;
import java.util.List;

/** A public type that names an internal one in every kind of signature, for {@code ArchitectureRulesTest}. */
public class Leaky {
  public Hidden field;

  public Leaky(Hidden hidden) {}

  public List<Hidden> returned() {
    return List.of();
  }

  protected void overridable(Hidden[] hidden) {}

  /** Not reachable from outside the package, so allowed. */
  void packagePrivate(Hidden hidden) {}

  /** Used only inside the body, so allowed. */
  public int bodyOnly() {
    return new Hidden().hashCode();
  }
}
