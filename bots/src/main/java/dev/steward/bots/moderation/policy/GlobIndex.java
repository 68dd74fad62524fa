package dev.steward.bots.moderation.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many entities (literal or glob) to values, matched against one string without trying every entity. Literals sit
 * in a hash map. A glob is filed under the literal text after its last wildcard (its tail, e.g. {@code :spam.example}
 * for {@code @*:spam.example}), or, when it ends in a wildcard, under the text before its first one (its head, e.g.
 * {@code @bad} for {@code @bad*:*}); a candidate looks up each of its own tails and heads, so only globs that share
 * one are tried. Globs with neither (such as {@code *}) are tried for every candidate; lists have few of them.
 * Everything is compared in {@link Glob#normalise lower case}. Built once, then read-only and thread-safe.
 *
 * @param <T> what an entity maps to, e.g. its rule
 */
public final class GlobIndex<T> {
  private final Map<String, List<T>> literals = new HashMap<>();
  private final Map<String, List<Entry<T>>> byTail = new HashMap<>();
  private final Map<String, List<Entry<T>>> byHead = new HashMap<>();
  private final List<Entry<T>> anywhere = new ArrayList<>();
  private int size;

  private record Entry<T>(Glob glob, T value) {}

  /** Adds {@code entity} (a literal or a glob) with its value. */
  public void add(String entity, T value) {
    size++;
    String e = Glob.normalise(entity);
    if (!Glob.isGlob(e)) {
      literals.computeIfAbsent(e, k -> new ArrayList<>(1)).add(value);
      return;
    }
    Entry<T> entry = new Entry<>(Glob.of(e), value);
    int last = Math.max(e.lastIndexOf('*'), e.lastIndexOf('?'));
    if (last < e.length() - 1) {
      byTail.computeIfAbsent(e.substring(last + 1), k -> new ArrayList<>(1)).add(entry);
      return;
    }
    int first = firstWildcard(e);
    if (first > 0) {
      byHead.computeIfAbsent(e.substring(0, first), k -> new ArrayList<>(1)).add(entry);
      return;
    }
    anywhere.add(entry);
  }

  /** How many entities were added. */
  public int size() {
    return size;
  }

  /** Whether nothing was added. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The values of every entity matching {@code candidate}. */
  public List<T> matches(String candidate) {
    String c = Glob.normalise(candidate);
    List<T> out = null;
    List<T> exact = literals.get(c);
    if (exact != null) {
      out = new ArrayList<>(exact);
    }
    if (!byTail.isEmpty()) {
      for (int i = 0; i <= c.length(); i++) {
        out = test(byTail.get(c.substring(i)), c, out);
      }
    }
    if (!byHead.isEmpty()) {
      for (int i = 1; i <= c.length(); i++) {
        out = test(byHead.get(c.substring(0, i)), c, out);
      }
    }
    out = test(anywhere, c, out);
    return out == null ? List.of() : out;
  }

  private List<T> test(List<Entry<T>> entries, String c, List<T> out) {
    if (entries == null) {
      return out;
    }
    for (Entry<T> e : entries) {
      if (e.glob().matches(c)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(e.value());
      }
    }
    return out;
  }

  private static int firstWildcard(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '*' || ch == '?') {
        return i;
      }
    }
    return -1;
  }
}
