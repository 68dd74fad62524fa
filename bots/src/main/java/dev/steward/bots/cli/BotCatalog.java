package dev.steward.bots.cli;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.processing.BotIndexProcessor;
import dev.steward.bot.config.BotSection;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The {@link Bot} classes on the classpath, by the name the config file uses. They are read from the index that
 * {@link BotIndexProcessor} writes at compile time ({@value BotIndexProcessor#INDEX}); only when the config names a bot
 * the index does not list (a bot compiled without the processor), or a list of every bot is asked for, is the classpath
 * scanned with Spring's scanner, as before the index. A scan of the shipped jar took 0.2–0.3 s of every start.
 */
final class BotCatalog {
  private final Map<String, Class<?>> byName = new TreeMap<>();
  private final String[] basePackages;
  private final ClassLoader loader;
  private boolean scanned;

  BotCatalog(String... basePackages) {
    this(BotIndexProcessor.INDEX, BotCatalog.class.getClassLoader(), basePackages);
  }

  /** A catalog that reads the index files named {@code index} (tests name one of their own). */
  BotCatalog(String index, ClassLoader loader, String... basePackages) {
    this.basePackages = basePackages.clone();
    this.loader = loader;
    List<String> indexed = indexed(index);
    if (indexed == null) {
      scan();
      return;
    }
    for (String name : indexed) {
      if (inBasePackages(name)) {
        Class<?> type = load(name);
        // A stale line (the class is gone, or no longer a bot) is skipped: the scan finds what is really there.
        if (type != null && type.getAnnotation(Bot.class) != null) {
          add(type);
        }
      }
    }
  }

  /** Whether the classpath was scanned (tests: the index alone answered, or it did not). */
  boolean scanned() {
    return scanned;
  }

  /** Every known bot name. */
  List<String> names() {
    scan();
    return List.copyOf(byName.keySet());
  }

  /** The classes of the known bots whose sections the config enables, in file order. */
  List<Class<?>> enabled(StewardConfig config) {
    scanUnlessIndexed(config);
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
    scanUnlessIndexed(config);
    List<ConfigProblem> out = new ArrayList<>();
    for (BotSection section : config.bots().values()) {
      if (!byName.containsKey(section.name())) {
        out.add(new ConfigProblem(section.path(), "no bot named '" + section.name() + "'; known bots: "
            + String.join(", ", byName.keySet())));
      }
    }
    return out;
  }

  /** Scans unless the index lists every bot the config names, enabled or not. */
  private void scanUnlessIndexed(StewardConfig config) {
    for (BotSection section : config.bots().values()) {
      if (!byName.containsKey(section.name())) {
        scan();
        return;
      }
    }
  }

  private void scan() {
    if (scanned) {
      return;
    }
    scanned = true;
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Bot.class));
    scanner.setResourceLoader(new DefaultResourceLoader(loader));
    for (String pkg : basePackages) {
      for (BeanDefinition def : scanner.findCandidateComponents(pkg)) {
        add(ClassUtils.resolveClassName(def.getBeanClassName(), loader));
      }
    }
  }

  private void add(Class<?> type) {
    String name = type.getAnnotation(Bot.class).value();
    Class<?> clash = byName.put(name, type);
    if (clash != null && clash != type) {
      throw new IllegalStateException("two bots are named '" + name + "': " + clash.getName() + " and "
          + type.getName());
    }
  }

  private boolean inBasePackages(String className) {
    for (String pkg : basePackages) {
      if (className.startsWith(pkg + ".")) {
        return true;
      }
    }
    return false;
  }

  private Class<?> load(String className) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * The class names of every index file of that name on the class path, in class path order; null when one cannot be
   * read (then the scan decides).
   */
  private List<String> indexed(String index) {
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> files = loader.getResources(index);
      while (files.hasMoreElements()) {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return names;
  }
}
