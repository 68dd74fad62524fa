package dev.steward.bots.moderation.protection;

import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bots.moderation.ModerationListener;
import dev.steward.bots.moderation.ModerationServices;
import dev.steward.client.MatrixException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protections of the moderation bot: routes the messages, edits, stickers and joins of protected rooms (never
 * those of moderators or the bot, which {@code ModerationBot} keeps away) to the detectors the config turns on, and
 * hands their verdicts to {@link Enforcement}. A detector that fails is reported and the others still judge the event.
 */
public final class Protections implements ModerationListener {
  private static final Logger log = LoggerFactory.getLogger(Protections.class);

  private final List<Detector> detectors;
  private final Enforcement enforcement;
  private final MemberNames names;
  private final ModerationServices services;

  Protections(List<Detector> detectors, Enforcement enforcement, MemberNames names, ModerationServices services) {
    this.detectors = List.copyOf(detectors);
    this.enforcement = enforcement;
    this.names = names;
    this.services = services;
  }

  /** The protections {@code settings} turn on, as the moderation bot's listeners; empty when none is on. */
  public static List<ModerationListener> create(ProtectionSettings settings, ModerationServices services) {
    return create(settings, services, Clock.systemUTC());
  }

  static List<ModerationListener> create(ProtectionSettings settings, ModerationServices services, Clock clock) {
    if (!settings.anyEnabled()) {
      return List.of();
    }
    MemberNames names = new MemberNames(services.client(), clock);
    List<Detector> detectors = new ArrayList<>();
    if (settings.flooding().enabled()) {
      detectors.add(new FloodDetector(settings.flooding(), clock));
    }
    if (settings.words().enabled()) {
      detectors.add(new WordListDetector(settings.words()));
    }
    if (settings.mentions().enabled()) {
      detectors.add(new MentionSpamDetector(settings.mentions(), names::of));
    }
    if (settings.joinWaves().enabled()) {
      detectors.add(new JoinWaveDetector(settings.joinWaves(), clock));
    }
    if (settings.newJoiners().enabled()) {
      detectors.add(new NewJoinerDetector(settings.newJoiners(), clock));
    }
    return List.of(new Protections(detectors, new Enforcement(services, settings.muteFor(), clock), names,
        services));
  }

  /** The protections that are on, e.g. {@code flooding, words}: the start-up notice lists them. */
  @Override
  public String name() {
    return detectors.stream().map(Detector::key).collect(Collectors.joining(", "));
  }

  @Override
  public void onMessage(MessageEvent message, EventContext ctx) {
    judge(message, ctx);
  }

  @Override
  public void onEdit(EditEvent edit, EventContext ctx) {
    judge(edit, ctx);
  }

  @Override
  public void onSticker(GenericEvent sticker, EventContext ctx) {
    judge(sticker, ctx);
  }

  @Override
  public void onJoin(MembershipEvent join, EventContext ctx) {
    names.joined(join.room());
    judge(join, ctx);
  }

  private void judge(TimelineEvent event, EventContext ctx) {
    for (Detector d : detectors) {
      Optional<Verdict> verdict;
      try {
        verdict = d.check(event);
        verdict.ifPresent(v -> log.info("protections: {} hit in {} by {}: {}", d.key(), event.room(),
            event.sender(), v.trigger()));
        verdict.ifPresent(v -> enforcement.enforce(v, ctx));
      } catch (RuntimeException e) {
        log.error("protections: {} failed on {} in {}", d.key(), event.eventId(), event.room(), e);
        services.management().notice("\u26A0\uFE0F Protection " + d.key() + " failed on " + event.eventId()
            + " in " + event.room() + ": " + (e instanceof MatrixException m ? m.errcode() + ": " + m.getMessage()
            : e.toString()));
      }
    }
  }
}
