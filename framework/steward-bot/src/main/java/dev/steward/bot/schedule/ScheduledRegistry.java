package dev.steward.bot.schedule;

import dev.steward.bot.annotation.Scheduled;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** The {@code @Scheduled} methods found on the bot beans, by job key. */
final class ScheduledRegistry {
  private final Map<String, ScheduledMethod> methods = new ConcurrentHashMap<>();

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
      ScheduledMethod sm = new ScheduledMethod(bean, invocable, scheduled, type);
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
