package dev.steward.examples.poll;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.annotation.OnRedaction;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.RedactionEvent;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs reaction polls: {@code !poll "Lunch?" pizza sushi} posts the question with a numbered reaction per option,
 * people vote by reacting, and {@code !results} counts the votes of the room's latest poll. Polls live in memory.
 */
@Bot("poll")
public class PollBot {
  /** The keys offered as options, one per option; a poll has at most this many. */
  public static final List<String> KEYS = List.of("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟");

  private final Map<EventId, Poll> polls = new ConcurrentHashMap<>();
  private final Map<RoomId, EventId> latest = new ConcurrentHashMap<>();
  private final Map<EventId, Poll.Vote> votes = new ConcurrentHashMap<>();

  @Command(value = "!poll", help = "Start a poll: !poll \"question\" option option …")
  void poll(CommandContext ctx, @Arg("question") String question, @Arg("options") List<String> options) {
    if (options.size() < 2 || options.size() > KEYS.size()) {
      ctx.reply("A poll needs 2 to " + KEYS.size() + " options. Usage: " + ctx.usage());
      return;
    }
    Poll poll = new Poll(question, options);
    EventId id = ctx.send(poll.render(KEYS)).orElse(null);
    if (id == null) {
      return; // held back as an answer to a bot looping with this one: there is no message to vote on
    }
    polls.put(id, poll);
    latest.put(ctx.room(), id);
    for (int i = 0; i < options.size(); i++) {
      ctx.messages().react(ctx.room(), id, KEYS.get(i));
    }
  }

  @Command(value = "!results", help = "Count the votes of the latest poll in this room")
  void results(CommandContext ctx) {
    EventId id = latest.get(ctx.room());
    ctx.reply(id == null ? "No poll in this room yet." : polls.get(id).results(KEYS));
  }

  @OnReaction
  void vote(ReactionEvent reaction) {
    Poll poll = polls.get(reaction.target());
    int option = KEYS.indexOf(reaction.key());
    if (poll != null && option >= 0 && option < poll.options().size()) {
      Poll.Vote vote = new Poll.Vote(reaction.sender(), option);
      poll.add(vote);
      votes.put(reaction.eventId(), vote);
    }
  }

  /** Taking a reaction back redacts it: that vote no longer counts. */
  @OnRedaction
  void unvote(RedactionEvent redaction) {
    Poll.Vote vote = votes.remove(redaction.redacts());
    if (vote != null) {
      polls.values().forEach(p -> p.remove(vote));
    }
  }
}
