package dev.steward.client.archfixture.outside;

import dev.steward.client.archfixture.internal.Hidden;

/** Uses another "module's" internal type, for {@code ArchitectureRulesTest}. */
final class Borrower {
  Object borrow() {
    return new Hidden();
  }
}
