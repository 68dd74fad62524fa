/**
 * The test kit for bots: {@link dev.steward.test.BotTester} runs a bot with the real runtime against a
 * {@link dev.steward.test.FakeHomeserver}, and {@link dev.steward.test.Sent} is what the bot did there.
 */
package dev.steward.test;
