package dev.steward.bot.internal.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes {@code !help} replies in Markdown: every command with its usage line, or the details of one command.
 */
public final class HelpFormatter {
  private final CommandRegistry registry;

  /** A formatter over the commands of {@code registry}. */
  public HelpFormatter(CommandRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * The reply to {@code !help <argsText>}: the overview when {@code argsText} is blank, else the details of
   * the command it names.
   */
  public String help(String argsText) {
    Objects.requireNonNull(argsText, "argsText");
    int start = Text.skipSpace(argsText, 0);
    int end = start;
    while (end < argsText.length() && !Text.isSpace(argsText.charAt(end))) {
      end++;
    }
    return start == end ? overview() : command(argsText.substring(start, end));
  }

  /** Every command, sorted, one list item each: usage line in code, then the help text. */
  public String overview() {
    return overview(sig -> true);
  }

  /** Like {@link #overview()} but only the commands {@code visible} accepts, e.g. those the sender may run. */
  public String overview(Predicate<CommandSignature> visible) {
    Objects.requireNonNull(visible, "visible");
    List<CommandSignature> shown = registry.commands().stream().filter(visible).toList();
    if (shown.isEmpty()) {
      return "No commands.";
    }
    return "Commands:\n" + shown.stream().map(sig -> "- " + line(sig)).collect(Collectors.joining("\n"));
  }

  /** Details of one command, named with or without the prefix ({@code ban}, {@code !ban}). */
  public String command(String name) {
    Objects.requireNonNull(name, "name");
    String wanted = name.strip();
    Optional<CommandSignature> found = registry.find(wanted);
    if (found.isEmpty() && !wanted.startsWith(registry.prefix())) {
      found = registry.find(registry.prefix() + wanted);
    }
    if (found.isEmpty()) {
      return "No command named " + Text.quote(wanted) + ".";
    }
    CommandSignature sig = found.get();
    StringBuilder out = new StringBuilder(line(sig));
    if (!sig.aliases().isEmpty()) {
      out.append("\n- Aliases: ")
          .append(sig.aliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")));
    }
    if (sig.minPowerLevel() > 0) {
      out.append("\n- Requires power level ").append(sig.minPowerLevel());
    }
    return out.toString();
  }

  private static String line(CommandSignature sig) {
    String usage = "`" + sig.usage() + "`";
    return sig.help().isBlank() ? usage : usage + " — " + sig.help().strip();
  }
}
