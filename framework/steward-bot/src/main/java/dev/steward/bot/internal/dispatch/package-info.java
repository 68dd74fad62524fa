/**
 * The runtime's dispatch machinery, not API: the route table ({@code Routes}), handler registration, the router that
 * runs handlers and commands, and the dispatcher's lanes, claims and done marks. Public only for the launcher.
 */
package dev.steward.bot.internal.dispatch;
