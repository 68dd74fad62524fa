package dev.steward.bot.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems so that one pass over a file can report all of them instead of stopping at the first. */
final class Problems {
  private final List<ConfigProblem> list = new ArrayList<>();

  void add(String path, String message) {
    list.add(new ConfigProblem(path, message));
  }

  /** Adds problems thrown under {@code prefix}, e.g. from a record constructor that only knows its own keys. */
  void addAll(String prefix, ConfigException e) {
    for (ConfigProblem p : e.problems()) {
      add(Keys.join(prefix, p.path()), p.message());
    }
  }

  List<ConfigProblem> list() {
    return List.copyOf(list);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }
}
