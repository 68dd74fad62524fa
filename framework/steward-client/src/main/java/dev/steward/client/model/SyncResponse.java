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
 * @param deviceLists {@code device_lists}: users whose devices changed, or who left every shared encrypted room
 * @param oneTimeKeyCounts {@code device_one_time_keys_count}: this device's one-time keys on the server, by algorithm
 *     (empty when the batch did not carry it)
 * @param unusedFallbackKeyTypes {@code device_unused_fallback_key_types}, or null when the batch did not carry it
 *     (the server does not support fallback keys); an empty list means the fallback key was used
 */
public record SyncResponse(String nextBatch, Map<RoomId, JoinedRoom> joined, Map<RoomId, InvitedRoom> invited,
                           Map<RoomId, LeftRoom> left, List<BasicEvent> accountData, List<BasicEvent> presence,
                           List<BasicEvent> toDevice, int skippedEvents, DeviceLists deviceLists,
                           Map<String, Integer> oneTimeKeyCounts, List<String> unusedFallbackKeyTypes) {
  /** A batch without device lists, key counts or fallback key types (as before encryption). */
  public SyncResponse(String nextBatch, Map<RoomId, JoinedRoom> joined, Map<RoomId, InvitedRoom> invited,
                      Map<RoomId, LeftRoom> left, List<BasicEvent> accountData, List<BasicEvent> presence,
                      List<BasicEvent> toDevice, int skippedEvents) {
    this(nextBatch, joined, invited, left, accountData, presence, toDevice, skippedEvents, DeviceLists.EMPTY,
        Map.of(), null);
  }

  public SyncResponse {
    joined = Collections.unmodifiableMap(new LinkedHashMap<>(joined));
    invited = Collections.unmodifiableMap(new LinkedHashMap<>(invited));
    left = Collections.unmodifiableMap(new LinkedHashMap<>(left));
    accountData = List.copyOf(accountData);
    presence = List.copyOf(presence);
    toDevice = List.copyOf(toDevice);
    deviceLists = deviceLists == null ? DeviceLists.EMPTY : deviceLists;
    oneTimeKeyCounts = oneTimeKeyCounts == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(oneTimeKeyCounts));
    unusedFallbackKeyTypes = unusedFallbackKeyTypes == null ? null : List.copyOf(unusedFallbackKeyTypes);
  }

  /** This batch with its joined rooms replaced (the rest, device lists and key counts included, kept). */
  public SyncResponse withJoined(Map<RoomId, JoinedRoom> newJoined) {
    return new SyncResponse(nextBatch, newJoined, invited, left, accountData, presence, toDevice, skippedEvents,
        deviceLists, oneTimeKeyCounts, unusedFallbackKeyTypes);
  }

  /** Whether the batch holds nothing for any room or the account. */
  public boolean isEmpty() {
    return joined.isEmpty() && invited.isEmpty() && left.isEmpty() && accountData.isEmpty()
        && presence.isEmpty() && toDevice.isEmpty() && deviceLists.isEmpty();
  }
}
