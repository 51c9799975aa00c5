package dev.damm.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.ConfigKey;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderErrors;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.RegionMapping;
import dev.damm.spi.provider.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A minimal HTTP provider with {@link Capability#INGRESS}, written the way real plug-ins are: a
 * base URL, a bearer token, call timeouts, and {@link ProviderErrors} for every error answer. It
 * lets the TCK check its fault contract against WireMock, as HTTP plug-ins will.
 */
public final class HttpDemoPlugin implements ProviderPlugin {
    static final String ID = "http-demo";
    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID).displayName("HTTP demo")
            .capability(Capability.INGRESS).configKey(ConfigKey.secret("token", "bearer token")).build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ProviderAdapter open(ProviderConfig config) {
        Require.nonNull("config", config);
        URI base = config.baseUrl().orElseThrow(() -> new DammException(ErrorCode.CONFIGURATION_ERROR,
                "baseUrl: required by provider '" + ID + "' but not configured"));
        HttpClient client = config.attachment(HttpClient.class).orElseGet(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(config.connectTimeout()).build());
        return new Adapter(config, base, config.requireSecret("token"), client);
    }

    private static final class Adapter implements ProviderAdapter, Ingress {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final ProviderConfig config;
        private final URI base;
        private final Secret token;
        private final HttpClient client;
        private final ProviderErrors errors;

        Adapter(ProviderConfig config, URI base, Secret token, HttpClient client) {
            this.config = config;
            this.base = base;
            this.token = token;
            this.client = client;
            this.errors = ProviderErrors.using(config.clock());
        }

        @Override
        public ProviderId id() {
            return DESCRIPTOR.id();
        }

        @Override
        public RegionMapping regions() {
            return RegionMapping.none();
        }

        @Override
        public Optional<Ingress> ingress() {
            return Optional.of(this);
        }

        @Override
        public FrontDoorRef allocateFrontDoor(FrontDoorSpec spec) {
            Require.nonNull("spec", spec);
            ObjectNode body = JSON.createObjectNode().put("region", spec.region().value()).put("tier", spec.tier().name());
            body.set("labels", JSON.valueToTree(spec.providerLabels()));
            HttpRequest request = request("front_doors")
                    .header("Idempotency-Key", spec.idempotencyKey().value())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            JsonNode door = send("allocate front door", request).path("front_door");
            return new FrontDoorRef(id(), door.path("id").asText(), spec.region(),
                    new Endpoint(door.path("ip").asText(), door.path("port").asInt()), spec.tier(), spec.providerLabels());
        }

        @Override
        public void releaseFrontDoor(FrontDoorRef frontDoor) {
            Require.nonNull("frontDoor", frontDoor);
            try {
                send("release front door", request("front_doors/" + frontDoor.id()).DELETE().build());
            } catch (DammException e) {
                if (e.errorCode() != ErrorCode.PROVIDER_NOT_FOUND) {
                    throw e; // already gone is success: releases are retried after timeouts
                }
            }
        }

        @Override
        public HealthSignal probeHealth(String target) {
            Require.nonNull("target", target);
            Instant start = config.clock().instant();
            try {
                send("probe health", request("status").GET().build());
                return HealthSignal.healthy(target, config.clock().instant(), Duration.between(start, config.clock().instant()));
            } catch (DammException e) {
                return HealthSignal.unhealthy(target, config.clock().instant(), e.errorCode().code());
            }
        }

        @Override
        public ProviderMetrics metrics(String target) {
            Require.nonNull("target", target);
            return ProviderMetrics.empty(target, config.clock().instant());
        }

        @Override
        public void close() {
            // The JDK 17 HttpClient holds no resources that need closing.
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(base.resolve(path)).timeout(config.callTimeout())
                    .header("Authorization", "Bearer " + token.reveal());
        }

        private JsonNode send(String operation, HttpRequest request) {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw ProviderErrors.fromIOException(id(), operation, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderErrors.timeout(id(), operation, config.callTimeout());
            }
            if (response.statusCode() >= 400) {
                throw errors.fromHttp(id(), operation, response.statusCode(), response.headers().map(), errorMessage(response.body()));
            }
            try {
                return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new DammException(ErrorCode.PROVIDER_UNAVAILABLE, ID + ": " + operation + " answered malformed JSON", true, null, e);
            }
        }

        private static String errorMessage(String body) {
            try {
                return JSON.readTree(body).path("error").path("message").asText("");
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public String toString() {
            return "HttpDemoAdapter[" + base + "]";
        }
    }
}
