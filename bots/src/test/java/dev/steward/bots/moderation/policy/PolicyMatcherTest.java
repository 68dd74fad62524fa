package dev.steward.bots.moderation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyMatcherTest {
  private static final RoomId LIST = RoomId.of("!list:example.org");

  private static PolicyRule user(String entity) {
    return new PolicyRule(LIST, PolicyRule.Kind.USER, "m.policy.rule.user", "k:" + entity, entity, "m.ban", "");
  }

  private static PolicyRule server(String entity) {
    return new PolicyRule(LIST, PolicyRule.Kind.SERVER, "m.policy.rule.server", "k:" + entity, entity, "m.ban", "");
  }

  private static Optional<String> match(PolicyMatcher m, String user) {
    return m.match(UserId.of(user)).map(PolicyRule::entity);
  }

  @Test
  void literalUserRulesMatchExactlyThatUser() {
    PolicyMatcher m = new PolicyMatcher(List.of(user("@spam:evil.example")), "home.example");

    assertThat(match(m, "@spam:evil.example")).contains("@spam:evil.example");
    assertThat(match(m, "@spam2:evil.example")).isEmpty();
    assertThat(match(m, "@spa:evil.example")).isEmpty();
  }

  @Test
  void globsMatchWithStarAndQuestionMarkAndNothingElseIsSpecial() {
    PolicyMatcher m = new PolicyMatcher(List.of(user("@*:spam.example"), user("@bad*:*"), user("@x?z:a.b"),
        user("@dot.*:d")), "home.example");

    assertThat(match(m, "@anyone:spam.example")).contains("@*:spam.example");
    assertThat(match(m, "@anyone:notspam.example")).isEmpty();
    assertThat(match(m, "@badger:elsewhere.org")).contains("@bad*:*");
    assertThat(match(m, "@xyz:a.b")).contains("@x?z:a.b");
    assertThat(match(m, "@xz:a.b")).isEmpty();
    assertThat(match(m, "@dot.x:d")).contains("@dot.*:d");
    assertThat(match(m, "@dotax:d")).as("a dot is a dot, not any character").isEmpty();
  }

  @Test
  void matchingIgnoresCaseOfRulesAndUsers() {
    PolicyMatcher m = new PolicyMatcher(List.of(user("@Spam:EVIL.example"), user("@*:Loud.Example")),
        "home.example");

    assertThat(match(m, "@spam:evil.example")).contains("@Spam:EVIL.example");
    assertThat(match(m, "@SPAM:evil.EXAMPLE")).contains("@Spam:EVIL.example");
    assertThat(match(m, "@someone:loud.example")).contains("@*:Loud.Example");
  }

  @Test
  void serverRulesMatchTheUsersServerWithOrWithoutPortButNeverTheBotsOwnServer() {
    PolicyMatcher m = new PolicyMatcher(List.of(server("evil.example"), server("*.spam.example"),
        server("home.example"), server("*.example")), "home.example");

    assertThat(match(m, "@a:evil.example")).contains("evil.example");
    assertThat(match(m, "@a:evil.example:8448")).contains("evil.example");
    assertThat(match(m, "@a:chat.spam.example")).contains("*.spam.example");
    assertThat(match(m, "@a:home.example")).as("own-server rules are left out").isEmpty();
    assertThat(m.ignored()).extracting(PolicyRule::entity).containsExactly("home.example", "*.example");
    assertThat(m.size()).isEqualTo(2);
  }

  @Test
  void onlyBanRecommendationsCountAndUserRulesComeBeforeServerRules() {
    PolicyRule advice = new PolicyRule(LIST, PolicyRule.Kind.USER, "m.policy.rule.user", "a", "@a:x.example",
        "org.example.watch", "");
    PolicyMatcher m = new PolicyMatcher(List.of(advice, server("x.example"), user("@b:x.example")), null);

    assertThat(match(m, "@a:x.example")).contains("x.example");
    assertThat(match(m, "@b:x.example")).contains("@b:x.example");
  }

  @Test
  void matchAllMatchesEachMemberOnceAndCollectsTheirRooms() {
    RoomId a = RoomId.of("!a:x");
    RoomId b = RoomId.of("!b:x");
    PolicyMatcher m = new PolicyMatcher(List.of(user("@*:spam.example")), null);
    UserId spam = UserId.of("@s:spam.example");
    UserId fine = UserId.of("@f:fine.example");

    Map<UserId, PolicyMatcher.Hit> hits = m.matchAll(Map.of(a, Set.of(spam, fine), b, Set.of(spam)));

    assertThat(hits).containsOnlyKeys(spam);
    assertThat(hits.get(spam).rooms()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void readsRulesFromStateEventsAndTreatsEmptyContentAsRemoved() {
    var f = JsonNodeFactory.instance;
    assertThat(PolicyRule.of(LIST, "m.policy.rule.user", "k", f.objectNode().put("entity", "@a:b")
        .put("recommendation", "m.ban").put("reason", "r"))).get()
        .satisfies(r -> assertThat(r.kind()).isEqualTo(PolicyRule.Kind.USER))
        .satisfies(r -> assertThat(r.reason()).isEqualTo("r"));
    assertThat(PolicyRule.of(LIST, "org.matrix.mjolnir.rule.server", "k", f.objectNode().put("entity", "x")
        .put("recommendation", "org.matrix.mjolnir.ban"))).get().satisfies(r -> assertThat(r.isBan()).isTrue());
    assertThat(PolicyRule.of(LIST, "m.policy.rule.user", "k", f.objectNode())).isEmpty();
    assertThat(PolicyRule.of(LIST, "m.room.topic", "", f.objectNode().put("entity", "x")
        .put("recommendation", "m.ban"))).isEmpty();
  }

  @Test
  void aGlobIndexFindsTheRightRuleAmongThousands() {
    GlobIndex<Integer> index = new GlobIndex<>();
    for (int i = 0; i < 5000; i++) {
      index.add("@user" + i + ":s" + i + ".example", i);
      index.add("@*:glob" + i + ".example", 100_000 + i);
      index.add("@pre" + i + "x*", 200_000 + i);
    }
    index.add("*", -1);

    assertThat(index.matches("@user42:s42.example")).containsExactlyInAnyOrder(42, -1);
    assertThat(index.matches("@who:glob4999.example")).containsExactlyInAnyOrder(104_999, -1);
    assertThat(index.matches("@pre7xyz:q")).containsExactlyInAnyOrder(200_007, -1);
    assertThat(index.matches("@pre7yz:q")).containsExactly(-1);
    assertThat(index.size()).isEqualTo(15_001);
  }
}
