package dev.steward.bot.config;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML into plain maps, lists and scalars, never into arbitrary classes.
 *
 * <p>Plain scalars are typed much like YAML 1.2's core schema rather than SnakeYAML's YAML 1.1 default: only
 * true/false are booleans (so {@code no} stays the string "no"), integers are decimal (so {@code 0123} is not octal
 * 83 and {@code 1:30} not sexagesimal 90), and dates stay strings.
 */
final class SafeYaml {
  // Not named BOOL/INT/FLOAT: inside the Resolver subclass those names would mean the inherited YAML 1.1 patterns.
  private static final Pattern CORE_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
  private static final Pattern CORE_INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9_]*)$");
  private static final Pattern CORE_FLOAT = Pattern.compile("^(?:[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
      + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
      + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

  private SafeYaml() {}

  /** Parses one document; throws SnakeYAML's exceptions, which carry the line and column. */
  static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false); // a second 'password:' silently winning is a bug waiting to happen
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
        new DumperOptions(), options, new CoreResolver());
    return yaml.load(text);
  }

  private static final class CoreResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF", 10);
      // INT before FLOAT: the float pattern would otherwise claim some integers.
      addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+.0123456789");
      addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
      addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, EMPTY, null, 10);
    }
  }
}
