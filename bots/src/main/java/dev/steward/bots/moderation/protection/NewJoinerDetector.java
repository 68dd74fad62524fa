package dev.steward.bots.moderation.protection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Newcomers' links and media: the first message a user sends within {@code within} of joining, when it holds a link
 * (in the body or the formatted body) or media (an image, video, audio or file message, or a sticker). Only users
 * seen joining count: members from before the bot started are not newcomers. Links to users on matrix.to (mention
 * pills) are not links here; links to rooms are. A first message that was clean but is edited, still within
 * {@code within} of joining, into one holding a link is judged by its new text (the original and the edit are
 * redacted).
 */
final class NewJoinerDetector implements Detector {
  static final String KEY = "new_joiners";
  /** Newcomers remembered at once; past that the longest-waiting are forgotten. */
  private static final int MAX_TRACKED = 50_000;
  private static final Set<String> MEDIA = Set.of("m.image", "m.video", "m.audio", "m.file");
  /** A scheme link, a www. address, or a bare domain with a path; a user pill's matrix.to link is cut out first. */
  private static final Pattern LINK = Pattern.compile(
      "(?i)\\b(?:[a-z][a-z0-9+.\\-]*://\\S|www\\.[a-z0-9\\-]+\\.\\S|[a-z0-9\\-]+(?:\\.[a-z0-9\\-]+)*\\.[a-z]{2,}/\\S)");
  private static final Pattern USER_PILL = Pattern.compile("(?i)https://matrix\\.to/#/(?:@|%40)[^\\s\"'<>]*");

  private record Member(RoomId room, UserId user) {}

  private final ProtectionSettings.NewJoiners settings;
  private final RecentEvents<Member> joined;
  /** Newcomers' clean first messages, stamped with the join time, so that an edit adding a link is caught. */
  private final RecentEvents<Member> firsts;

  NewJoinerDetector(ProtectionSettings.NewJoiners settings, Clock clock) {
    this.settings = settings;
    this.joined = new RecentEvents<>(settings.within(), settings.within(), MAX_TRACKED, clock);
    this.firsts = new RecentEvents<>(settings.within(), settings.within(), MAX_TRACKED, clock);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Optional<Verdict> check(TimelineEvent event) {
    if (event instanceof MembershipEvent m) {
      if (m.change() == MembershipEvent.Change.JOIN) {
        joined.clear(new Member(m.room(), m.target()));
        joined.add(new Member(m.room(), m.target()), m.timestamp(), m.eventId());
      }
      return Optional.empty();
    }
    if (event instanceof EditEvent edit) {
      return edited(edit);
    }
    boolean message = event instanceof MessageEvent;
    boolean sticker = event instanceof GenericEvent g && g.type().equals("m.sticker");
    if (!message && !sticker) {
      return Optional.empty();
    }
    Member who = new Member(event.room(), event.sender());
    List<RecentEvents.Stamp> join = joined.add(who, event.timestamp(), event.eventId());
    joined.clear(who); // only the first message is judged
    // The window holds the join and this message, unless the join slid out of it or was never seen.
    if (join.size() != 2) {
      return Optional.empty();
    }
    String found = sticker ? "a sticker" : what((MessageEvent) event);
    if (found == null) {
      if (message) {
        firsts.clear(who);
        firsts.add(who, join.get(0).at(), event.eventId());
      }
      return Optional.empty();
    }
    long seconds = java.time.Duration.between(join.get(0).at(), event.timestamp()).toSeconds();
    return Optional.of(new Verdict.Offence(KEY, event.room(), event.sender(), List.of(event.eventId()),
        settings.action(), "first message " + seconds + "s after joining holds " + found + " (held for review)"));
  }

  /** An edit of a newcomer's clean first message, still within {@code within} of joining: judged by its new text. */
  private Optional<Verdict> edited(EditEvent edit) {
    Member who = new Member(edit.room(), edit.sender());
    List<RecentEvents.Stamp> first = firsts.add(who, edit.timestamp(), edit.eventId());
    firsts.clear(who);
    // The window holds the join-stamped first message and this edit, unless the join slid out of it.
    if (first.size() < 2 || !first.get(0).event().equals(edit.original())) {
      return Optional.empty();
    }
    JsonNode html = edit.source() == null ? null
        : edit.source().content().path("m.new_content").get("formatted_body");
    if (!settings.links() || !(hasLink(edit.newBody()) || html != null && html.isTextual() && hasLink(html.asText()))) {
      firsts.add(who, first.get(0).at(), edit.original()); // still clean: a later edit is judged too
      return Optional.empty();
    }
    long seconds = java.time.Duration.between(first.get(0).at(), edit.timestamp()).toSeconds();
    return Optional.of(new Verdict.Offence(KEY, edit.room(), edit.sender(), List.of(edit.original(), edit.eventId()),
        settings.action(), "first message edited " + seconds + "s after joining to hold a link (held for review)"));
  }

  /** "a link" or "media (m.image)"… when the message holds what this protection looks for, else null. */
  private String what(MessageEvent m) {
    if (settings.media() && (MEDIA.contains(m.msgtype()) || m.mediaUrl() != null)) {
      return "media (" + m.msgtype() + ")";
    }
    if (settings.links() && (hasLink(m.body()) || hasLink(m.formattedBody()))) {
      return "a link";
    }
    return null;
  }

  private static boolean hasLink(String text) {
    return text != null && LINK.matcher(USER_PILL.matcher(Texts.normalize(text)).replaceAll(" ")).find();
  }
}
