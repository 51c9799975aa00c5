package dev.damm.architecture.apifixture;

/** Fixture for the API listing: a package-private type, which is not API. */
final class NotExported {
    public void visibleOnlyInThePackage() {}
}
