package dev.steward.bots.moderation.commands;

/** A command line that does not fit: the reply is the reason and the command's usage line. */
final class Usage extends RuntimeException {
  Usage(String reason) {
    super(reason, null, false, false);
  }
}
