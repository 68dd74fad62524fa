package dev.steward.client.model;

import dev.steward.client.RoomId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code /sync} batch, parsed leniently: an event that is malformed is left out and counted in
 * {@link #skippedEvents()} rather than failing the batch.
 *
 * @param nextBatch the token to pass as {@code since} for the next batch
 * @param joined rooms the user is in, by id, in the server's order
 * @param invited rooms the user is invited to
 * @param left rooms the user left since the last batch
 * @param accountData global account data ({@code m.direct}, push rules…)
 * @param presence presence updates (empty with Steward's default filter)
 * @param toDevice to-device messages
 * @param skippedEvents how many events (or rooms) were malformed and left out
 */
public record SyncResponse(String nextBatch, Map<RoomId, JoinedRoom> joined, Map<RoomId, InvitedRoom> invited,
                           Map<RoomId, LeftRoom> left, List<BasicEvent> accountData, List<BasicEvent> presence,
                           List<BasicEvent> toDevice, int skippedEvents) {
  public SyncResponse {
    joined = Collections.unmodifiableMap(new LinkedHashMap<>(joined));
    invited = Collections.unmodifiableMap(new LinkedHashMap<>(invited));
    left = Collections.unmodifiableMap(new LinkedHashMap<>(left));
    accountData = List.copyOf(accountData);
    presence = List.copyOf(presence);
    toDevice = List.copyOf(toDevice);
  }

  /** Whether the batch holds nothing for any room or the account. */
  public boolean isEmpty() {
    return joined.isEmpty() && invited.isEmpty() && left.isEmpty() && accountData.isEmpty()
        && presence.isEmpty() && toDevice.isEmpty();
  }
}
