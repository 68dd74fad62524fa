package dev.steward.bots.moderation.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's words after its name: flags ({@code --dry-run}), flags with a value ({@code --room <room>}) anywhere
 * on the line, and the other words in order. Unknown {@code --flags} are a usage error, so a typo never bans for good.
 */
final class Args {
  private final List<String> words;
  private final Set<String> flags;
  private final Map<String, String> values;
  private int next;

  private Args(List<String> words, Set<String> flags, Map<String, String> values) {
    this.words = words;
    this.flags = flags;
    this.values = values;
  }

  /** Splits {@code text}; {@code switches} take no value, {@code valued} take the next word. */
  static Args parse(String text, Set<String> switches, Set<String> valued) {
    List<String> words = new ArrayList<>();
    Set<String> flags = new HashSet<>();
    Map<String, String> values = new HashMap<>();
    String[] tokens = text == null || text.isBlank() ? new String[0] : text.strip().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.startsWith("--") && t.length() > 2) {
        String name = t.substring(2);
        if (switches.contains(name)) {
          flags.add(name);
        } else if (valued.contains(name)) {
          if (i + 1 >= tokens.length || tokens[i + 1].startsWith("--")) {
            throw new Usage("--" + name + " needs a value");
          }
          if (values.put(name, tokens[++i]) != null) {
            throw new Usage("--" + name + " given twice");
          }
        } else {
          throw new Usage("unknown option " + t);
        }
      } else {
        words.add(t);
      }
    }
    return new Args(words, flags, values);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The next word, or a usage error naming {@code what}. */
  String required(String what) {
    if (next >= words.size()) {
      throw new Usage("missing " + what);
    }
    return words.get(next++);
  }

  /** The next word if there is one. */
  Optional<String> optional() {
    return next < words.size() ? Optional.of(words.get(next++)) : Optional.empty();
  }

  /** The next word, without taking it. */
  Optional<String> peek() {
    return next < words.size() ? Optional.of(words.get(next)) : Optional.empty();
  }

  /** The words not taken yet, joined by single spaces (a reason); empty when none. */
  String rest() {
    String r = String.join(" ", words.subList(next, words.size()));
    next = words.size();
    return r;
  }

  /** A usage error when words are left over. */
  void end() {
    if (next < words.size()) {
      throw new Usage("unexpected '" + words.get(next) + "'");
    }
  }
}
