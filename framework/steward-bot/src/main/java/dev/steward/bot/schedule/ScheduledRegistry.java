package dev.steward.bot.schedule;

import dev.steward.bot.annotation.Scheduled;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** The {@code @Scheduled} methods found on the bot beans, by job key. */
final class ScheduledRegistry {
  private final Map<String, ScheduledMethod> methods = new ConcurrentHashMap<>();
  private volatile Function<String, Optional<String>> settings = path -> Optional.empty();

  /** Where cron placeholders such as {@code ${bots.housekeeping.schedule}} find their values. */
  void settings(Function<String, Optional<String>> values) {
    this.settings = Objects.requireNonNull(values, "values");
  }

  /**
   * Finds the {@code @Scheduled} methods of {@code bean} (looking through Spring proxies). A bad schedule, a
   * parameter that cannot be supplied or a method registered twice fails here, naming the method.
   */
  void register(Object bean) {
    Class<?> type = AopUtils.getTargetClass(bean);
    Map<Method, Scheduled> found = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<Scheduled>) m ->
            AnnotatedElementUtils.findMergedAnnotation(m, Scheduled.class));
    found.forEach((method, scheduled) -> {
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      ScheduledMethod sm = new ScheduledMethod(bean, invocable, scheduled, type, settings);
      if (methods.putIfAbsent(sm.key(), sm) != null) {
        throw new IllegalArgumentException("@Scheduled method " + sm.name()
            + " is registered twice (an overload, or two beans of one class)");
      }
    });
  }

  Optional<ScheduledMethod> find(String key) {
    return Optional.ofNullable(methods.get(key));
  }

  Collection<ScheduledMethod> all() {
    return methods.values();
  }
}
