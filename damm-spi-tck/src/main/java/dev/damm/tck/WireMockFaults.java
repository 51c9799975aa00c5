package dev.damm.tck;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.damm.spi.Require;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link FaultInjector} for plug-ins that talk HTTP: it programs a WireMock server so that every
 * request is answered with the fault's status (and {@code Retry-After} for rate limits), or held
 * for {@code slowDelay} for {@link Fault#SLOW}.
 *
 * <p>The fault stub has the highest priority, so it shadows the provider stubs a test installed,
 * and {@link #clear()} removes only it. The default error body is a small JSON document in the
 * shape {@code {"error":{"code":..,"message":..}}}; override {@link #answer(Fault)} to return the
 * real provider's error body (for example Cloudflare's {@code {success:false, errors:[..]}}).
 * Not thread-safe: contracts call it from the test thread only.
 */
public class WireMockFaults implements FaultInjector {
    private final WireMockServer server;
    private final Duration slowDelay;
    private StubMapping injected;

    /**
     * @param server    the WireMock server the plug-in under test talks to
     * @param slowDelay how long {@link Fault#SLOW} holds each request; must exceed the call timeout
     */
    public WireMockFaults(WireMockServer server, Duration slowDelay) {
        this.server = Require.nonNull("server", server);
        this.slowDelay = Require.nonNull("slowDelay", slowDelay);
    }

    @Override
    public void inject(Fault fault) {
        Require.nonNull("fault", fault);
        clear();
        injected = server.stubFor(any(anyUrl()).atPriority(1).willReturn(answer(fault)));
    }

    @Override
    public void clear() {
        if (injected != null) {
            server.removeStub(injected);
            injected = null;
        }
    }

    /** The response WireMock gives while {@code fault} is injected. */
    protected ResponseDefinitionBuilder answer(Fault fault) {
        if (fault == Fault.SLOW) {
            return aResponse().withStatus(200).withFixedDelay(Math.toIntExact(slowDelay.toMillis()))
                    .withHeader("Content-Type", "application/json").withBody("{}");
        }
        ResponseDefinitionBuilder r = aResponse().withStatus(fault.httpStatus())
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + fault.name().toLowerCase(Locale.ROOT)
                        + "\",\"message\":\"injected by the DAMM TCK\"}}");
        if (fault == Fault.RATE_LIMITED) {
            r = r.withHeader("Retry-After", Long.toString(Fault.RETRY_AFTER.toSeconds()));
        }
        return r;
    }
}
