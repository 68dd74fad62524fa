package dev.steward.bot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry under {@code bots:}: whether that bot runs, and its own settings.
 *
 * <p>The settings stay raw because only the bot knows their shape, which it names with
 * {@code @Bot(settings = ...)}; the runtime then binds them before it logs in (see
 * {@code dev.steward.bot.runtime.BotSettings}). {@link #bind(Class)} checks them as strictly as the rest of the
 * file, with paths such as {@code bots.welcome.message}.
 *
 * @param name the key under {@code bots:}, e.g. {@code welcome}
 * @param enabled whether the bot runs; {@code enabled:} defaults to true
 * @param settings every other key of the section, as loaded (environment variables already substituted)
 */
public record BotSection(String name, boolean enabled, Map<String, Object> settings) {
  /** Copies the settings so later changes to the source cannot leak in; drops {@code enabled}. */
  public BotSection {
    Objects.requireNonNull(name, "name");
    Map<String, Object> copy = new LinkedHashMap<>(Objects.requireNonNull(settings, "settings"));
    copy.remove("enabled");
    settings = frozen(copy);
  }

  /** Binds the settings to a record, reporting problems at {@code bots.<name>.<key>}. */
  public <R extends Record> R bind(Class<R> type) {
    return ConfigBinder.bind(settings, type, path());
  }

  /** The key path of this section, {@code bots.<name>}. */
  public String path() {
    return "bots." + name;
  }

  /** Names the setting keys only: a bot's settings may hold its own secrets. */
  @Override
  public String toString() {
    return "BotSection[name=" + name + ", enabled=" + enabled + ", settings=" + settings.keySet() + "]";
  }

  @SuppressWarnings("unchecked")
  private static <T> T frozen(T node) {
    // Unmodifiable copies that, unlike Map.copyOf, keep file order and allow the nulls YAML produces for 'key:'.
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, frozen(v)));
      return (T) Collections.unmodifiableMap(out);
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(frozen(v)));
      return (T) Collections.unmodifiableList(out);
    }
    return node;
  }
}
