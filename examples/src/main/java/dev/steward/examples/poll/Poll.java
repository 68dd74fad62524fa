package dev.steward.examples.poll;

import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One poll: its question, options and the votes cast by reaction (one per user and option). */
final class Poll {
  private final String question;
  private final List<String> options;
  private final Set<Vote> votes = ConcurrentHashMap.newKeySet();

  /** One user's vote for one option (by index). */
  record Vote(UserId user, int option) {}

  Poll(String question, List<String> options) {
    this.question = question;
    this.options = List.copyOf(options);
  }

  List<String> options() {
    return options;
  }

  void add(Vote vote) {
    votes.add(vote);
  }

  void remove(Vote vote) {
    votes.remove(vote);
  }

  String render(List<String> keys) {
    StringBuilder s = new StringBuilder("📊 ").append(question);
    for (int i = 0; i < options.size(); i++) {
      s.append('\n').append(keys.get(i)).append(' ').append(options.get(i));
    }
    return s.append("\nReact to vote.").toString();
  }

  String results(List<String> keys) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      int option = i;
      long n = votes.stream().filter(v -> v.option() == option).count();
      lines.add(keys.get(i) + " " + options.get(i) + ": " + n);
    }
    return "📊 " + question + "\n" + String.join("\n", lines);
  }
}
