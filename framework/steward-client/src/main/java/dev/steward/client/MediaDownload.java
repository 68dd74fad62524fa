package dev.steward.client;

/**
 * Downloaded media.
 *
 * @param bytes the content
 * @param contentType the Content-Type the server gave, or null
 */
public record MediaDownload(byte[] bytes, String contentType) {}
