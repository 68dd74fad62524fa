package dev.steward.bot.runtime;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.config.BotSection;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds each bot's section {@code bots.<name>} to the settings record its {@link Bot#settings()} names, so that a
 * bad setting is found before anything touches the homeserver: {@link Steward#start()} calls it first, and so can a
 * launcher that only checks a config file.
 */
public final class BotSettings {
  private BotSettings() {}

  /**
   * The bound settings of those of {@code bots} that declare a settings type, by bot name, in the order given.
   *
   * <p>A bot with no section binds an empty one (so its settings' defaults apply and required keys are reported
   * missing); a bot declaring no settings type may have only {@code enabled} in its section; a class without
   * {@link Bot} is skipped. Whether a section is {@code enabled} is the caller's business: every bot given is bound.
   *
   * @throws ConfigException listing every problem of every bot, each with its key path such as
   *     {@code bots.autojoin.users[0]}
   */
  public static Map<String, Record> bind(StewardConfig config, Collection<Class<?>> bots) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(bots, "bots");
    Map<String, Record> bound = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (Class<?> type : bots) {
      Bot bot = type.getAnnotation(Bot.class);
      if (bot == null) {
        continue;
      }
      BotSection section = config.botSection(bot.value())
          .orElseGet(() -> new BotSection(bot.value(), true, Map.of()));
      if (bot.settings() == Record.class) {
        for (String key : section.settings().keySet()) {
          problems.add(new ConfigProblem(section.path() + "." + key, "unknown key '" + key + "': the " + bot.value()
              + " bot (" + type.getSimpleName() + ") has no settings, its section takes only 'enabled'"));
        }
        continue;
      }
      try {
        bound.put(bot.value(), section.bind(bot.settings()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return Collections.unmodifiableMap(bound);
  }

  /**
   * The value of the setting at {@code path} ({@code bots.<name>.<key>}, the key as the config file spells it) in
   * the bound settings {@code bound}, as text: empty when there is no such bot or key, "" for an empty Optional.
   * How a cron placeholder such as {@code @Scheduled(cron = "${bots.housekeeping.schedule}")} finds its value.
   */
  public static Optional<String> value(Map<String, Record> bound, String path) {
    String[] parts = path.split("\\.", 3);
    if (parts.length != 3 || !parts[0].equals("bots") || !bound.containsKey(parts[1])) {
      return Optional.empty();
    }
    Record settings = bound.get(parts[1]);
    for (RecordComponent c : settings.getClass().getRecordComponents()) {
      if (c.getName().equals(camelCase(parts[2]))) {
        try {
          Object v = c.getAccessor().invoke(settings);
          if (v instanceof Optional<?> o) {
            v = o.isPresent() ? o.get() : "";
          }
          return Optional.of(v == null ? "" : v.toString());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("reading " + path, e);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code digest_schedule} → {@code digestSchedule}, as the binder names record components. */
  private static String camelCase(String key) {
    StringBuilder out = new StringBuilder(key.length());
    boolean upper = false;
    for (char ch : key.toCharArray()) {
      if (ch == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }
}
