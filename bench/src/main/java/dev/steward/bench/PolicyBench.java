package dev.steward.bench;

import dev.steward.bots.moderation.policy.Glob;
import dev.steward.bots.moderation.policy.PolicyMatcher;
import dev.steward.bots.moderation.policy.PolicyRule;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Ban-list matching at scale, without JMH: {@code rules} rules (70% literal users, 20% user globs, 10% server rules,
 * half of them globs) against {@code members} members spread over {@code rooms} rooms (each member in one to three
 * rooms, about 5% of them matching). Times compiling the rules into a {@link PolicyMatcher} and matching every
 * member, median of {@code laps} laps after warm-up, and for contrast the naive way (every rule tried against every
 * member), measured on a sample of members and scaled up.
 */
final class PolicyBench {
  private PolicyBench() {}

  static void run(int ruleCount, int memberCount, int roomCount, int laps) {
    Random random = new Random(23);
    RoomId list = RoomId.of("!list:bench");
    List<PolicyRule> rules = new ArrayList<>(ruleCount);
    for (int i = 0; i < ruleCount; i++) {
      int kind = i % 10;
      if (kind < 7) {
        rules.add(rule(list, PolicyRule.Kind.USER, "@spammer" + i + ":spam" + (i % 50) + ".example"));
      } else if (kind < 9) {
        rules.add(rule(list, PolicyRule.Kind.USER, i % 2 == 0 ? "@bad" + i + "*:*" : "@*:evil" + i + ".example"));
      } else {
        rules.add(rule(list, PolicyRule.Kind.SERVER, i % 2 == 0 ? "spam" + i + ".net" : "*.spam" + i + ".org"));
      }
    }
    List<RoomId> rooms = new ArrayList<>();
    for (int r = 0; r < roomCount; r++) {
      rooms.add(RoomId.of("!room" + r + ":bench"));
    }
    Map<RoomId, Set<UserId>> members = new HashMap<>();
    rooms.forEach(r -> members.put(r, new HashSet<>()));
    List<UserId> users = new ArrayList<>();
    for (int m = 0; m < memberCount; m++) {
      UserId u = member(m, random, ruleCount);
      users.add(u);
      int in = 1 + random.nextInt(3);
      for (int k = 0; k < in; k++) {
        members.get(rooms.get(random.nextInt(roomCount))).add(u);
      }
    }
    long memberships = members.values().stream().mapToLong(Set::size).sum();
    long[] compile = new long[laps];
    long[] match = new long[laps];
    int hits = 0;
    for (int lap = -3; lap < laps; lap++) { // three laps of warm-up
      long t0 = System.nanoTime();
      PolicyMatcher matcher = new PolicyMatcher(rules, "home.bench");
      long t1 = System.nanoTime();
      hits = matcher.matchAll(members).size();
      long t2 = System.nanoTime();
      if (lap >= 0) {
        compile[lap] = t1 - t0;
        match[lap] = t2 - t1;
      }
    }
    System.out.printf("policy: %,d rules, %,d members (%,d memberships) in %,d rooms, %,d members match%n",
        ruleCount, memberCount, memberships, roomCount, hits);
    System.out.printf("  compile the rules: %.1f ms, match every member: %.1f ms (median of %d laps)%n",
        median(compile) / 1e6, median(match) / 1e6, laps);
    int sample = Math.min(200, users.size());
    List<Glob> globs = rules.stream().map(r -> Glob.of(r.entity())).toList();
    long t0 = System.nanoTime();
    int naiveHits = 0;
    for (UserId u : users.subList(0, sample)) {
      for (int i = 0; i < globs.size(); i++) {
        String candidate = rules.get(i).kind() == PolicyRule.Kind.SERVER ? u.server().value() : u.value();
        if (globs.get(i).matches(candidate)) {
          naiveHits++;
          break;
        }
      }
    }
    double naive = (System.nanoTime() - t0) / 1e6 * users.size() / sample;
    System.out.printf("  naive rules x members for contrast: ~%.0f ms (measured on %d members, %d hit)%n", naive,
        sample, naiveHits);
  }

  private static UserId member(int m, Random random, int ruleCount) {
    int roll = random.nextInt(100);
    if (roll < 2) {
      int i = random.nextInt(ruleCount / 10) * 10; // a literal user rule's entity
      return UserId.of("@spammer" + i + ":spam" + (i % 50) + ".example");
    }
    if (roll < 4) {
      int i = random.nextInt(ruleCount / 10) * 10 + 7; // an @*:evil<i>.example glob
      return UserId.of("@anyone" + m + ":evil" + i + ".example");
    }
    if (roll < 5) {
      int i = random.nextInt(ruleCount / 10) * 10 + 9; // a *.spam<i>.org server glob
      return UserId.of("@someone" + m + ":chat.spam" + i + ".org");
    }
    return UserId.of("@user" + m + ":home" + (m % 20) + ".example");
  }

  private static PolicyRule rule(RoomId list, PolicyRule.Kind kind, String entity) {
    return new PolicyRule(list, kind, "m.policy.rule." + kind.name().toLowerCase(java.util.Locale.ROOT),
        "rule:" + entity, entity, "m.ban", "bench");
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
