package dev.steward.client.archfixture.internal;

/** Machinery that {@code ArchitectureRulesTest} leaks on purpose through {@code archfixture.Leaky}. */
public final class Hidden {}
