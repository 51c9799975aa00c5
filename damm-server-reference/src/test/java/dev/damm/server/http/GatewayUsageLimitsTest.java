package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.ControlPlane;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.model.GatewayId;
import dev.damm.server.cli.ServerCommand;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage route's own bounds, on a server whose body limit is large enough that they, and not
 * the body limit, decide: each refusal is a typed problem naming the field, and nothing is counted.
 */
class GatewayUsageLimitsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void usageBoundsNameTheirField(@TempDir Path dir) throws Exception {
        try (ServerCommand.Running running = ServerCommand.start(new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
                1024 * 1024, Duration.ofMinutes(10), Duration.ofSeconds(2)), Clock.systemUTC())) {
            ControlPlane cp = running.server().loop().plane();
            String token = cp.gateways().provision(GatewayId.of("gw-u"), "Usage", RegionCode.of("eu-central"), ProviderId.of("static"), "test").token();
            String credential = running.server().loop().register(token, new GatewayRegistration(WireGuardKeyPair.generate(new SecureRandom()).publicKey(),
                    List.of(new GatewayRegistration.DeclaredFrontDoor("gw-u-t0", Endpoint.parse("203.0.113.40:51820"), TransportTier.T0, 0, Map.of()))))
                    .credential().orElseThrow();
            OpenApiContract contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            String key = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
            String peer = "{\"publicKey\":\"" + key + "\",\"rxBytes\":1,\"txBytes\":1}";
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= ApiServer.MAX_USAGE_PEERS; i++) {
                many.append(i == 0 ? "" : ",").append("{\"publicKey\":\"").append(WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64())
                        .append("\",\"rxBytes\":1,\"txBytes\":1}");
            }
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("{\"reportId\":\"r-1\",\"peers\":[" + many + "]}", "peers");
            cases.put("{\"reportId\":\"r-1\",\"peers\":[" + peer + "," + peer + "]}", "peers[1].publicKey");
            cases.put("{\"reportId\":\"r-1\",\"peers\":null}", "peers");
            cases.put("{\"reportId\":\"r-1\",\"peers\":[null]}", "peers[0]");
            cases.put("{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"" + key + "\",\"txBytes\":1}]}", "peers[0].rxBytes");
            cases.put("{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"" + key + "\",\"rxBytes\":1,\"txBytes\":-5}]}", "peers[0].txBytes");
            cases.put("{\"reportId\":\"r 1\",\"peers\":[]}", "reportId");
            cases.put("{\"peers\":[]}", "reportId");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(running.server().baseUrl() + "/v1/gateways/usage"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + credential)
                        .POST(HttpRequest.BodyPublishers.ofString(c.getKey())).build(), HttpResponse.BodyHandlers.ofString());
                contract.check(r);
                assertEquals(400, r.statusCode(), r.body());
                JsonNode p = JSON.readTree(r.body());
                assertEquals("invalid_argument", p.path("code").asText(), r.body());
                assertEquals(c.getValue(), p.path("field").asText(), r.body());
            }
            boolean fresh = running.store().inTransaction(tx -> tx.usage().markReportApplied("r-1", GatewayId.of("gw-u"), java.time.Instant.now()));
            assertTrue(fresh, "no refused report was recorded as applied");
        }
    }
}
