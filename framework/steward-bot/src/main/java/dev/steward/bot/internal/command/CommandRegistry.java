package dev.steward.bot.internal.command;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's commands by name and alias (case-insensitive), and the test of whether a message is a command.
 */
public final class CommandRegistry {
  /** The prefix written in {@code @Command} values and used unless configured otherwise. */
  public static final String DEFAULT_PREFIX = SignatureReader.DEFAULT_PREFIX;

  private final String prefix;
  private final Map<String, CommandSignature> byName = new ConcurrentHashMap<>();

  /**
   * A message body split into the command name as typed and the text after it.
   *
   * @param name the first token, e.g. {@code !ban} or {@code !BAN}
   * @param argsText everything after the name, as typed (possibly empty)
   */
  public record CommandLine(String name, String argsText) {
    /** Requires both parts. */
    public CommandLine {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(argsText, "argsText");
    }
  }

  /** A registry for the default prefix {@code !}. */
  public CommandRegistry() {
    this(DEFAULT_PREFIX);
  }

  /** A registry whose commands start with {@code prefix}, e.g. {@code ?}; {@code @Command("!ban")} becomes {@code ?ban}. */
  public CommandRegistry(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty() || prefix.chars().anyMatch(c -> Text.isSpace((char) c))) {
      throw new IllegalArgumentException("command prefix must be non-empty without spaces: '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  /** The configured prefix. */
  public String prefix() {
    return prefix;
  }

  /**
   * Adds a command read with {@link CommandSignature#of}, renamed to this registry's prefix.
   *
   * @return the signature as registered (with the configured prefix)
   * @throws IllegalArgumentException naming both methods when a name or alias is already taken
   */
  public synchronized CommandSignature register(CommandSignature signature) {
    Objects.requireNonNull(signature, "signature");
    CommandSignature sig = prefix.equals(DEFAULT_PREFIX) ? signature : signature.withPrefix(prefix);
    List<String> names = new java.util.ArrayList<>();
    names.add(sig.name());
    names.addAll(sig.aliases());
    for (String name : names) {
      CommandSignature taken = byName.get(Text.lower(name));
      if (taken != null) {
        throw new IllegalArgumentException("command name '" + name + "' of " + sig.handlerName()
            + " is already used by " + taken.handlerName());
      }
    }
    names.forEach(name -> byName.put(Text.lower(name), sig));
    return sig;
  }

  /** The command called {@code name} (with prefix, any case), by its name or an alias. */
  public Optional<CommandSignature> find(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(byName.get(Text.lower(name)));
  }

  /** Every command once, sorted by name. */
  public List<CommandSignature> commands() {
    return byName.values().stream()
        .distinct()
        .sorted(Comparator.comparing(CommandSignature::name, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  /**
   * Splits a message body that starts with the prefix into name and arguments; empty for any other body.
   * Whether the name is a known command is for {@link #find} to say.
   */
  public Optional<CommandLine> split(String body) {
    if (body == null || !body.startsWith(prefix)) {
      return Optional.empty();
    }
    int end = prefix.length();
    while (end < body.length() && !Text.isSpace(body.charAt(end))) {
      end++;
    }
    if (end == prefix.length()) {
      return Optional.empty(); // a lone "!" or "! ban" is punctuation, not a command
    }
    return Optional.of(new CommandLine(body.substring(0, end), body.substring(end)));
  }
}
