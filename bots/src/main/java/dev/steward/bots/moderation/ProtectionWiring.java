package dev.steward.bots.moderation;

import dev.steward.bots.moderation.protection.Protections;
import java.util.List;

/**
 * Where the protections ({@code dev.steward.bots.moderation.protection}) plug into the moderation bot: called once
 * at start-up, it returns the listeners that hear messages and joins in protected rooms.
 */
final class ProtectionWiring {
  private ProtectionWiring() {}

  /** The protections {@code settings} switch on, built on {@code services}. */
  static List<ModerationListener> create(ModerationSettings settings, ModerationServices services) {
    return Protections.create(settings.protections(), services);
  }
}
