package dev.steward.bots.cli;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.config.BotSection;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/** The {@link Bot} classes on the classpath (found with Spring's scanner), by the name the config file uses. */
final class BotCatalog {
  private final Map<String, Class<?>> byName = new TreeMap<>();

  BotCatalog(String... basePackages) {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Bot.class));
    for (String pkg : basePackages) {
      for (BeanDefinition def : scanner.findCandidateComponents(pkg)) {
        Class<?> type = ClassUtils.resolveClassName(def.getBeanClassName(), getClass().getClassLoader());
        String name = type.getAnnotation(Bot.class).value();
        Class<?> clash = byName.put(name, type);
        if (clash != null && clash != type) {
          throw new IllegalStateException("two bots are named '" + name + "': " + clash.getName() + " and "
              + type.getName());
        }
      }
    }
  }

  /** Every known bot name. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The classes of the known bots whose sections the config enables, in file order. */
  List<Class<?>> enabled(StewardConfig config) {
    List<Class<?>> out = new ArrayList<>();
    for (BotSection section : config.bots().values()) {
      Class<?> type = byName.get(section.name());
      if (type != null && section.enabled()) {
        out.add(type);
      }
    }
    return out;
  }

  /** A problem for each section under {@code bots:} that names no known bot, enabled or not. */
  List<ConfigProblem> unknown(StewardConfig config) {
    List<ConfigProblem> out = new ArrayList<>();
    for (BotSection section : config.bots().values()) {
      if (!byName.containsKey(section.name())) {
        out.add(new ConfigProblem(section.path(), "no bot named '" + section.name() + "'; known bots: "
            + String.join(", ", byName.keySet())));
      }
    }
    return out;
  }
}
