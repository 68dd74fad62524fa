package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bots.moderation.reports.AbuseReports;
import java.util.Optional;
import java.util.Set;

/** {@code !report <id> redact|ban|list <shortcode>}: acts on an abuse report the bot forwarded. */
public final class ReportCommands {
  /** The usage line. */
  public static final String USAGE = "!report <id> redact|ban|list <shortcode>";

  private final Gate gate;
  private final Optional<AbuseReports> reports;

  /** The command over {@code reports} (empty when {@code abuse_reports} is off). */
  public ReportCommands(Gate gate, Optional<AbuseReports> reports) {
    this.gate = gate;
    this.reports = reports;
  }

  /** Runs {@code !report}. */
  public void run(CommandContext ctx, String text) {
    Replies.run(ctx, USAGE, gate, scope -> {
      Args args = Args.parse(text, Set.of(), Set.of());
      String id = args.required("report id");
      if (!id.chars().allMatch(Character::isDigit) || id.length() > 18) {
        throw new Usage("not a report id: " + id);
      }
      String verb = args.required("action");
      if (!Set.of("redact", "ban", "list").contains(verb)) {
        throw new Usage("unknown action '" + verb + "'");
      }
      String code = verb.equals("list") ? args.required("shortcode") : null;
      args.end();
      if (!scope.all()) {
        ctx.reply("Refused: only moderators of every protected room may act on abuse reports.");
        return;
      }
      if (reports.isEmpty()) {
        ctx.reply("Abuse reports are off (bots.moderation.abuse_reports.enabled).");
        return;
      }
      Optional<AbuseReports.Report> report = reports.get().report(Long.parseLong(id));
      ctx.reply(report.map(r -> reports.get().act(r, verb, code, ctx.sender()))
          .orElse("The bot forwarded no report " + id + "."));
    });
  }
}
