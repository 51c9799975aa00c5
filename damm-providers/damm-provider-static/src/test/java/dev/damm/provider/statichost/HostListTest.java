package dev.damm.provider.statichost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostListTest {
    private static final RegionCode EU = RegionCode.of("eu-central");

    @Test
    void parsesCommaAndLineSeparatedEntriesWithAttributesAndComments() throws Exception {
        Map<String, StaticHost> hosts = HostList.parse("hosts", """
                # friends' boxes
                pi-home=203.0.113.5:51820 region=eu-central probe=22   # behind a home router
                vps-1=[2001:db8::5]:51820 region=us-east tier=T1, gw-name=gw.example.net:443 tier=T3 egress=198.51.100.9
                """, EU);

        assertEquals(List.of("pi-home", "vps-1", "gw-name"), List.copyOf(hosts.keySet()));
        StaticHost pi = hosts.get("pi-home");
        assertEquals(Endpoint.parse("203.0.113.5:51820"), pi.endpoint());
        assertEquals(22, pi.probePort());
        assertEquals(InetAddress.getByName("203.0.113.5"), pi.egress(), "an IP endpoint is its own egress by default");
        StaticHost vps = hosts.get("vps-1");
        assertEquals(RegionCode.of("us-east"), vps.region());
        assertEquals(TransportTier.T1, vps.tier());
        assertEquals(InetAddress.getByName("2001:db8::5"), vps.egress());
        StaticHost gw = hosts.get("gw-name");
        assertEquals(EU, gw.region(), "the default region applies when an entry names none");
        assertEquals(InetAddress.getByName("198.51.100.9"), gw.egress());
        assertEquals(0, gw.probePort());
    }

    @Test
    void aHostNameEndpointHasNoEgressUnlessOneIsGiven() {
        assertNull(HostList.parse("hosts", "gw=gw.example.net:51820", EU).get("gw").egress());
    }

    @Test
    void errorsNameTheKeyTheEntryAndTheProblem() {
        assertError("hosts: entry 1 ('pi-home'): must start with name=host:port", "pi-home", EU);
        assertError("hosts: entry 2 ('Bad=203.0.113.6:1'): name must be a lower-case DNS label", "ok=203.0.113.5:1, Bad=203.0.113.6:1", EU);
        assertError("hosts: entry 1 ('a=203.0.113.5'): endpoint: must look like host:port", "a=203.0.113.5", EU);
        assertError("hosts: entry 1 ('a=203.0.113.5:1 probe=ssh'): probe: must be a TCP port number", "a=203.0.113.5:1 probe=ssh", EU);
        assertError("hosts: entry 1 ('a=203.0.113.5:1 colour=red'): colour: unknown attribute", "a=203.0.113.5:1 colour=red", EU);
        assertError("hosts: entry 1 ('a=203.0.113.5:1 egress=10.0.0.0/8'): egress: must be a single address", "a=203.0.113.5:1 egress=10.0.0.0/8", EU);
        assertError("hosts: entry 1 ('a=203.0.113.5:1'): no region", "a=203.0.113.5:1", null);
        assertError("hosts: entry 2 ('a=203.0.113.6:1'): host name 'a' is used twice", "a=203.0.113.5:1\na=203.0.113.6:1", EU);
    }

    @Test
    void aNameInBothSourcesIsAConfigurationError() {
        Map<String, StaticHost> inline = HostList.parse("hosts", "a=203.0.113.5:1", EU);
        Map<String, StaticHost> file = HostList.parse("hostsFile", "a=203.0.113.6:1", EU);

        DammException e = assertThrows(DammException.class, () -> HostList.merge(List.of(inline, file)));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }

    private static void assertError(String expectedPrefix, String text, RegionCode defaultRegion) {
        DammException e = assertThrows(DammException.class, () -> HostList.parse("hosts", text, defaultRegion));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().startsWith(expectedPrefix), e.getMessage());
    }
}
