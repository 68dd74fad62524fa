package dev.steward.client.model;

import java.util.List;

/**
 * A room the user is invited to.
 *
 * @param inviteState the stripped state the inviter's server shared (name, join rules, the invite itself…)
 */
public record InvitedRoom(List<StrippedStateEvent> inviteState) {
  public InvitedRoom {
    inviteState = List.copyOf(inviteState);
  }
}
