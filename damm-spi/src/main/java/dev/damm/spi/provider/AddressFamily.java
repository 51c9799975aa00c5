package dev.damm.spi.provider;

/** IPv4 or IPv6, for requests that ask for one kind of address. */
public enum AddressFamily {
    IPV4,
    IPV6
}
