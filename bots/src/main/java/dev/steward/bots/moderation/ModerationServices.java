package dev.steward.bots.moderation;

import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.JoinRules;
import dev.steward.bots.moderation.actions.Warnings;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.MatrixClient;

/**
 * The parts of the moderation bot that protections use: who is exempt, the action executor (ban, kick, mute,
 * redact, each audited and reported), join-rule locks, the management room, the protected rooms, the store and the
 * scheduler. Handed to {@link ProtectionWiring#create} once at start-up.
 */
public final class ModerationServices {
  private final MatrixClient client;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final JoinRules joinRules;
  private final ManagementRoom management;
  private final AuditLog audit;
  private final StewardStore store;
  private final DelayedActions delayed;
  private final Warnings warnings;

  ModerationServices(MatrixClient client, Moderators moderators, ProtectedRooms rooms, ActionExecutor actions,
                     JoinRules joinRules, ManagementRoom management, AuditLog audit, StewardStore store,
                     DelayedActions delayed, Warnings warnings) {
    this.client = client;
    this.moderators = moderators;
    this.rooms = rooms;
    this.actions = actions;
    this.joinRules = joinRules;
    this.management = management;
    this.audit = audit;
    this.store = store;
    this.delayed = delayed;
    this.warnings = warnings;
  }

  /** The bot's client (for reads; act through {@link #actions()} so that everything is audited). */
  public MatrixClient client() {
    return client;
  }

  /** Who is a moderator, who is exempt, power levels (cached). */
  public Moderators moderators() {
    return moderators;
  }

  /** The protected rooms. */
  public ProtectedRooms rooms() {
    return rooms;
  }

  /** Ban, kick, mute, redact: audited and reported. */
  public ActionExecutor actions() {
    return actions;
  }

  /** Join-rule changes with a scheduled restore. */
  public JoinRules joinRules() {
    return joinRules;
  }

  /** Notices to the management room. */
  public ManagementRoom management() {
    return management;
  }

  /** The audit log, for entries of one's own (protection hits that are not actions). */
  public AuditLog audit() {
    return audit;
  }

  /** Durable key-value state in {@code namespace} (use {@code moderation.protection.<name>}). */
  public KeyValueStore state(String namespace) {
    return store.state(namespace);
  }

  /** The scheduler for delayed actions; register types during {@link ProtectionWiring#create}. */
  public DelayedActions delayedActions() {
    return delayed;
  }

  /** Warnings counted towards {@code warn_limit}, the same count as {@code !warn}'s. */
  public Warnings warnings() {
    return warnings;
  }
}
