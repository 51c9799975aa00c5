package dev.damm.core.trust;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The content of a root of trust: its version in the chain, when it expires, and for each role
 * (at least {@value #ROLE_ROOT} and {@value #ROLE_CATALOG}) the keys and threshold that must sign.
 *
 * <p>Root N+1 is accepted only when signed by the root-role thresholds of both root N and root
 * N+1 (see {@link RootVerifier}). The JSON form is signed in a DSSE envelope of type
 * {@value #PAYLOAD_TYPE}. Immutable and thread-safe.
 */
public final class RootDocument {
    /** DSSE payload type of a signed root. */
    public static final String PAYLOAD_TYPE = "application/vnd.damm.root+json";
    /** The role whose keys sign roots; kept offline. */
    public static final String ROLE_ROOT = "root";
    /** The role whose keys sign catalogs; online. */
    public static final String ROLE_CATALOG = "catalog";
    /** Most roles one root may define. */
    public static final int MAX_ROLES = 16;

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final int version;
    private final Instant expires;
    private final SortedMap<String, KeyQuorum> roles;

    private RootDocument(Builder b) {
        this.version = Require.range("root.version", b.version, 1, Integer.MAX_VALUE);
        this.expires = Require.nonNull("root.expires", b.expires);
        if (b.roles.size() > MAX_ROLES) {
            throw DammException.invalid("root.roles", "must define at most " + MAX_ROLES + " roles, defined " + b.roles.size());
        }
        for (String name : List.of(ROLE_ROOT, ROLE_CATALOG)) {
            if (!b.roles.containsKey(name)) {
                throw DammException.invalid("root.roles", "must define the '" + name + "' role");
            }
        }
        this.roles = Collections.unmodifiableSortedMap(new TreeMap<>(b.roles));
    }

    /** Starts a root document. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the next root: this one's roles and version + 1, expiry still to set. */
    public Builder toNextVersion() {
        Builder b = new Builder().version(version + 1);
        roles.forEach(b::role);
        return b;
    }

    /**
     * Parses the JSON form.
     *
     * @throws DammException with {@link ErrorCode#MALFORMED_INPUT} when it is not a valid root
     */
    public static RootDocument fromJson(byte[] json) {
        RootJson dto = TrustJson.read("root", json, RootJson.class);
        try {
            if (dto == null || dto.version() == null || dto.roles() == null) {
                throw DammException.invalid("root", "must have version, expires and roles");
            }
            Builder b = builder().version(dto.version()).expires(dto.expires());
            for (Map.Entry<String, RoleJson> e : dto.roles().entrySet()) {
                RoleJson r = Require.nonNull("root.roles." + Require.printable(e.getKey()), e.getValue());
                if (r.threshold() == null || r.keys() == null) {
                    throw DammException.invalid("root.roles." + Require.printable(e.getKey()), "must have threshold and keys");
                }
                List<Ed25519PublicKey> keys = new ArrayList<>();
                for (KeyJson k : Require.elements("root.roles." + Require.printable(e.getKey()) + ".keys", r.keys(), KeyQuorum.MAX_KEYS)) {
                    Ed25519PublicKey key = Ed25519PublicKey.parse("root.keys.publicKey", k.publicKey());
                    // The id is derivable; a document that disagrees with itself is refused.
                    if (!key.keyId().value().equals(k.keyId())) {
                        throw DammException.invalid("root.keys.keyId", "does not match the SHA-256 of its public key");
                    }
                    keys.add(key);
                }
                b.role(e.getKey(), new KeyQuorum(keys, r.threshold()));
            }
            return b.build();
        } catch (DammException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, e.getMessage());
        }
    }

    /** Returns the JSON form: fields in a fixed order, roles sorted by name, no whitespace. */
    public byte[] toJson() {
        Map<String, RoleJson> out = new TreeMap<>();
        roles.forEach((name, q) -> {
            List<KeyJson> keys = new ArrayList<>();
            for (Ed25519PublicKey k : q.keys()) {
                keys.add(new KeyJson(k.keyId().value(), k.base64()));
            }
            out.put(name, new RoleJson(q.threshold(), keys));
        });
        return DammJson.write(new RootJson(version, expires, out));
    }

    /** Returns the position in the chain; the first root is version 1. */
    public int version() {
        return version;
    }

    /** Returns when this root stops being trusted unless a newer one replaces it. */
    public Instant expires() {
        return expires;
    }

    /** Returns whether this root is expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    /** Returns the keys that sign roots. */
    public KeyQuorum rootKeys() {
        return roles.get(ROLE_ROOT);
    }

    /** Returns the keys that sign catalogs. */
    public KeyQuorum catalogKeys() {
        return roles.get(ROLE_CATALOG);
    }

    /** Returns the quorum of the named role, e.g. an {@code admission} role added later. */
    public Optional<KeyQuorum> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** Returns all roles by name. */
    public SortedMap<String, KeyQuorum> roles() {
        return roles;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootDocument r && version == r.version && expires.equals(r.expires) && roles.equals(r.roles);
    }

    @Override
    public int hashCode() {
        return (31 * version + expires.hashCode()) * 31 + roles.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RootDocument[version=" + version + ", expires=" + expires);
        roles.forEach((n, q) -> sb.append(", ").append(n).append('=').append(q.threshold()).append('/').append(q.keys().size()));
        return sb.append(']').toString();
    }

    /** Builds a {@link RootDocument}; not thread-safe. */
    public static final class Builder {
        private int version;
        private Instant expires;
        private final Map<String, KeyQuorum> roles = new TreeMap<>();

        private Builder() {}

        /** Sets the version: 1 for the first root, then exactly one more each time. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** Sets the expiry; truncated to whole seconds so the JSON stays short. */
        public Builder expires(Instant expires) {
            this.expires = expires == null ? null : expires.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** Sets the keys that sign roots. */
        public Builder rootKeys(KeyQuorum quorum) {
            return role(ROLE_ROOT, quorum);
        }

        /** Sets the keys that sign catalogs. */
        public Builder catalogKeys(KeyQuorum quorum) {
            return role(ROLE_CATALOG, quorum);
        }

        /** Sets (or replaces) the named role. */
        public Builder role(String name, KeyQuorum quorum) {
            Require.matches("root.roles", name, ROLE_NAME, 32, "a lower-case role name");
            roles.put(name, Require.nonNull("root.roles." + name, quorum));
            return this;
        }

        public RootDocument build() {
            return new RootDocument(this);
        }
    }

    @JsonPropertyOrder({"version", "expires", "roles"})
    record RootJson(Integer version, Instant expires, Map<String, RoleJson> roles) {}

    @JsonPropertyOrder({"threshold", "keys"})
    record RoleJson(Integer threshold, List<KeyJson> keys) {}

    @JsonPropertyOrder({"keyId", "publicKey"})
    record KeyJson(String keyId, String publicKey) {}
}
