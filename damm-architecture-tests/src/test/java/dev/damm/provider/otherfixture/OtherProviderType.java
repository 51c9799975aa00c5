package dev.damm.provider.otherfixture;

/** Fixture: a class of a second provider. */
public class OtherProviderType {}
