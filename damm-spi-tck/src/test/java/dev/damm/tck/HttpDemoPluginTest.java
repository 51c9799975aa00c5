package dev.damm.tck;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.HealthStatus;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contracts, run against an HTTP plug-in whose provider side is WireMock, with faults from {@link WireMockFaults}.
 * The call timeout is generous because a loaded two-core build machine can take well over half a second to answer
 * a healthy call; the slow fault holds requests four times as long, so timeouts are still exercised.
 */
class HttpDemoPluginTest implements ProviderPluginContract, IngressFaultContract {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void stubTheApi() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/front_doors")).withHeader("Authorization", equalTo("Bearer demo-token"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"front_door\":{\"id\":\"fd-{{request.headers.Idempotency-Key}}\",\"ip\":\"198.51.100.7\",\"port\":51820}}")
                        .withTransformers("response-template")));
        server.stubFor(delete(urlPathMatching("/v1/front_doors/.*")).willReturn(aResponse().withStatus(204)));
        server.stubFor(get(urlEqualTo("/v1/status")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @Override
    public ProviderPlugin plugin() {
        return new HttpDemoPlugin();
    }

    @Override
    public ProviderConfig config() {
        return ProviderConfig.builder(HttpDemoPlugin.ID)
                .secret("token", Secret.of("demo-token"))
                .baseUrl(URI.create(server.baseUrl() + "/v1/"))
                .connectTimeout(CALL_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .build();
    }

    @Override
    public FaultInjector faults() {
        return new WireMockFaults(server, CALL_TIMEOUT.multipliedBy(4));
    }

    @Override
    public FrontDoorSpec.Builder frontDoorSpec() {
        return FrontDoorSpec.builder().region(RegionCode.of("eu-central"));
    }

    @Test
    void theIdempotencyKeyTravelsToTheProvider() {
        try (ProviderAdapter adapter = openAdapter()) {
            Ingress ingress = adapter.ingress().orElseThrow();

            ingress.allocateFrontDoor(frontDoorSpec().idempotencyKey("k-123").build());

            server.verify(postRequestedFor(urlEqualTo("/v1/front_doors")).withHeader("Idempotency-Key", equalTo("k-123")));
        }
    }

    @Test
    void releasingAFrontDoorTheProviderNoLongerHasSucceeds() {
        server.stubFor(delete(urlPathMatching("/v1/front_doors/.*")).willReturn(aResponse().withStatus(404)));
        try (ProviderAdapter adapter = openAdapter()) {
            Ingress ingress = adapter.ingress().orElseThrow();
            var ref = ingress.allocateFrontDoor(frontDoorSpec().idempotencyKey("gone").build());

            ingress.releaseFrontDoor(ref);
        }
    }

    @Test
    void aFailingApiMakesTheHealthProbeUnhealthyRatherThanThrow() {
        WireMockFaults faults = new WireMockFaults(server, CALL_TIMEOUT.multipliedBy(4));
        faults.inject(Fault.UNAVAILABLE);
        try (ProviderAdapter adapter = openAdapter()) {
            assertEquals(HealthStatus.UNHEALTHY, adapter.probeHealth("api").status());
        } finally {
            faults.clear();
        }
        try (ProviderAdapter adapter = openAdapter()) {
            assertEquals(HealthStatus.HEALTHY, adapter.probeHealth("api").status());
        }
    }
}
