package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.UserId;

/**
 * A state event as shown to an invited user: type, state key, sender and content only.
 *
 * @param type the state event type
 * @param stateKey the state key
 * @param sender who set it
 * @param content its content
 */
public record StrippedStateEvent(String type, String stateKey, UserId sender, JsonNode content) {}
