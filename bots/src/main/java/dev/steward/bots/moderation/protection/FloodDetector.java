package dev.steward.bots.moderation.protection;

import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Flooding: more than {@code max_messages} messages (stickers included) from one user in one room within
 * {@code window}. The verdict names every event of the burst, so all of it is redacted; the window then starts
 * afresh, so the same burst is never judged twice.
 */
final class FloodDetector implements Detector {
  static final String KEY = "flooding";

  private record Sender(RoomId room, UserId user) {}

  private final ProtectionSettings.Flooding settings;
  private final RecentEvents<Sender> recent;

  FloodDetector(ProtectionSettings.Flooding settings, Clock clock) {
    this.settings = settings;
    // A sender quiet for a whole window has an empty window: nothing is lost by forgetting them.
    this.recent = new RecentEvents<>(settings.window(), settings.window(), settings.maxTracked(), clock);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Optional<Verdict> check(TimelineEvent event) {
    if (!(event instanceof MessageEvent || event instanceof GenericEvent g && g.type().equals("m.sticker"))) {
      return Optional.empty();
    }
    Sender sender = new Sender(event.room(), event.sender());
    List<RecentEvents.Stamp> burst = recent.add(sender, event.timestamp(), event.eventId());
    if (burst.size() <= settings.maxMessages()) {
      return Optional.empty();
    }
    recent.clear(sender);
    String trigger = Texts.burst(burst.size(), "messages", burst.get(0).at(), burst.get(burst.size() - 1).at(),
        settings.maxMessages(), settings.window());
    return Optional.of(new Verdict.Offence(KEY, event.room(), event.sender(),
        burst.stream().map(RecentEvents.Stamp::event).toList(), settings.action(), trigger));
  }

  /** How many (room, user) windows are held; for tests of the memory bound. */
  int tracked() {
    return recent.size();
  }
}
