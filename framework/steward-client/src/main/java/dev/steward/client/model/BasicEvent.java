package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event with only a type and content: ephemeral (typing, receipts), account data, presence, to-device.
 *
 * @param type the event type
 * @param content its content
 * @param raw the whole event as received (presence and to-device events carry a sender here)
 */
public record BasicEvent(String type, JsonNode content, JsonNode raw) {}
