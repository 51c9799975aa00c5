package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What DAMM asks a {@link Compute} provider to create: a node's role, region, size, image,
 * optional first-boot user data, labels and the idempotency key that makes the call safe to retry.
 *
 * <p>User data often carries key material for the first boot, so {@link #toString()} prints only
 * its size. Instances are immutable and safe to share between threads.
 */
public final class NodeSpec extends LabelledSpec {
    /** The largest user data accepted, in UTF-8 bytes; smaller than every supported provider's limit. */
    public static final int MAX_USER_DATA_BYTES = 32 * 1024;

    private final NodeRole role;
    private final RegionCode region;
    private final String size;
    private final String image;
    private final String userData;

    private NodeSpec(Builder b) {
        super("nodeSpec", b);
        this.role = Require.nonNull("nodeSpec.role", b.role);
        this.region = Require.nonNull("nodeSpec.region", b.region);
        this.size = Require.text("nodeSpec.size", b.size, 64);
        this.image = Require.text("nodeSpec.image", b.image, 128);
        if (b.userData != null) {
            int bytes = b.userData.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_USER_DATA_BYTES) {
                throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "nodeSpec.userData: must be at most " + MAX_USER_DATA_BYTES + " bytes, was " + bytes);
            }
        }
        this.userData = b.userData;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder().role(role).region(region).size(size).image(image).userData(userData).labels(labels());
        b.idempotencyKey = idempotencyKey();
        return b;
    }

    public NodeRole role() {
        return role;
    }

    public RegionCode region() {
        return region;
    }

    /** The provider's size or instance-type name, e.g. {@code cx22}. */
    public String size() {
        return size;
    }

    /** The provider's image name or id, e.g. {@code debian-12}. */
    public String image() {
        return image;
    }

    /** Cloud-init or similar first-boot data, if any. */
    public Optional<String> userData() {
        return Optional.ofNullable(userData);
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(role, region, size, image, userData);
    }

    @Override
    String describe() {
        return "NodeSpec[" + role + " in " + region + ", size=" + size + ", image=" + image
                + ", userData=" + (userData == null ? "none" : userData.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    /** Builds a {@link NodeSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private NodeRole role;
        private RegionCode region;
        private String size;
        private String image;
        private String userData;

        private Builder() {
            super("nodeSpec");
        }

        public Builder role(NodeRole role) {
            this.role = role;
            return this;
        }

        public Builder region(RegionCode region) {
            this.region = region;
            return this;
        }

        public Builder size(String size) {
            this.size = size;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** Sets first-boot data; {@code null} removes it. */
        public Builder userData(String userData) {
            this.userData = userData;
            return this;
        }

        public NodeSpec build() {
            return new NodeSpec(this);
        }
    }
}
