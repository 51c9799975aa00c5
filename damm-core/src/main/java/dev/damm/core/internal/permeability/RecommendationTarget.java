package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;

/**
 * What a {@link PlacementRecommendation} asks to act on. Written in JSON as one string:
 * {@code ingress:<provider>@<region>}, {@code ingress:new@<region>}, {@code egress:<region>},
 * {@code frontdoor:<id>}, {@code provider:<id>}, {@code zone:<id>} or {@code fleet}.
 *
 * <p>In that string {@code new} stands for a provider the zones have not tried, so an ingress at
 * a provider whose id is {@code new} reads back as {@link NewIngress}.
 */
public sealed interface RecommendationTarget
        permits RecommendationTarget.Ingress, RecommendationTarget.NewIngress, RecommendationTarget.Egress,
                RecommendationTarget.Frontdoor, RecommendationTarget.WholeProvider, RecommendationTarget.Zone,
                RecommendationTarget.Fleet {

    /** The JSON form, e.g. {@code ingress:hetzner@eu-central}. */
    @JsonValue
    String wireName();

    /** Ingress capacity at a provider in a region. */
    record Ingress(String provider, RegionCode region) implements RecommendationTarget {
        public Ingress {
            Ids.require("provider", provider);
            Require.nonNull("region", region);
        }

        @Override
        public String wireName() {
            return "ingress:" + provider + "@" + region.value();
        }
    }

    /** Ingress in a region at a provider the affected zones have not tried. */
    record NewIngress(RegionCode region) implements RecommendationTarget {
        public NewIngress {
            Require.nonNull("region", region);
        }

        @Override
        public String wireName() {
            return "ingress:new@" + region.value();
        }
    }

    /** Egress capacity in a region. */
    record Egress(RegionCode region) implements RecommendationTarget {
        public Egress {
            Require.nonNull("region", region);
        }

        @Override
        public String wireName() {
            return "egress:" + region.value();
        }
    }

    /** One front door. */
    record Frontdoor(String frontdoorId) implements RecommendationTarget {
        public Frontdoor {
            Ids.require("frontdoorId", frontdoorId);
        }

        @Override
        public String wireName() {
            return "frontdoor:" + frontdoorId;
        }
    }

    /** A whole provider. */
    record WholeProvider(String provider) implements RecommendationTarget {
        public WholeProvider {
            Ids.require("provider", provider);
        }

        @Override
        public String wireName() {
            return "provider:" + provider;
        }
    }

    /** One network zone. */
    record Zone(String zoneId) implements RecommendationTarget {
        public Zone {
            Ids.require("zoneId", zoneId);
        }

        @Override
        public String wireName() {
            return "zone:" + zoneId;
        }
    }

    /** The fleet as a whole: a recommendation that concerns nothing in particular. */
    record Fleet() implements RecommendationTarget {
        @Override
        public String wireName() {
            return "fleet";
        }
    }

    /**
     * Reads the JSON form.
     *
     * @throws DammException {@code INVALID_ARGUMENT} ("target: ...") for a string of none of the
     *     forms, or the part's own error (e.g. "region: ...") for a malformed id or region
     */
    @JsonCreator
    static RecommendationTarget fromWire(String wire) {
        Require.text("target", wire, 200);
        if (wire.equals("fleet")) {
            return new Fleet();
        }
        int colon = wire.indexOf(':');
        String kind = colon < 0 ? "" : wire.substring(0, colon);
        String rest = colon < 0 ? "" : wire.substring(colon + 1);
        switch (kind) {
            case "ingress": {
                int at = rest.lastIndexOf('@');
                if (at < 0) {
                    throw DammException.invalid("target", "an ingress target is ingress:<provider>@<region>, was '"
                            + Require.printable(wire) + "'");
                }
                String provider = rest.substring(0, at);
                RegionCode region = RegionCode.of(rest.substring(at + 1));
                return provider.equals("new") ? new NewIngress(region) : new Ingress(provider, region);
            }
            case "egress":
                return new Egress(RegionCode.of(rest));
            case "frontdoor":
                return new Frontdoor(rest);
            case "provider":
                return new WholeProvider(rest);
            case "zone":
                return new Zone(rest);
            default:
                throw DammException.invalid("target", "must be fleet, ingress:, egress:, frontdoor:, provider: or zone:"
                        + ", was '" + Require.printable(wire) + "'");
        }
    }
}
