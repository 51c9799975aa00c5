package dev.damm.core.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AddressPlanTest {
    private static final AddressPlan PLAN = new AddressPlan(IpNetwork.parse("10.128.0.0/9"), Optional.of(IpNetwork.parse("fd00:44:0:0:ff00::/72")),
            1, 10, Duration.ofDays(1));

    @Property
    void v4ArithmeticAgreesWithTheNetworkModel(@ForAll @LongRange(min = 0, max = (1L << 23) - 2) long offset) {
        assertEquals(PLAN.v4Pool().addressAt(BigInteger.valueOf(offset)), PLAN.v4At(offset));
    }

    @Property
    void v6ArithmeticCarriesAcrossBytes(@ForAll @LongRange(min = 0, max = (1L << 56) - 1) long offset) {
        assertEquals(PLAN.v6Pool().orElseThrow().addressAt(BigInteger.valueOf(offset)), PLAN.v6At(offset));
    }

    @Test
    void defaultsFollowSeed001() {
        AddressPlan d = AddressPlan.defaults();
        assertEquals("10.44.0.10", d.v4At(d.firstClientOffset()).getHostAddress());
        assertEquals("[10.44.0.1/24]", d.gatewayInterfaceAddresses().toString());
        assertEquals(254, d.lastV4Offset(), "offsets .1 to .254 are usable; .255 is broadcast");
    }

    @Test
    void offsetsOutsideThePoolAndBadPlansAreRefused() {
        DammException e = assertThrows(DammException.class, () -> AddressPlan.defaults().v4At(300));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        DammException wide = assertThrows(DammException.class,
                () -> new AddressPlan(IpNetwork.parse("10.0.0.0/30"), Optional.empty(), 1, 2, Duration.ZERO));
        assertEquals(ErrorCode.INVALID_ARGUMENT, wide.errorCode());
        org.junit.jupiter.api.Assertions.assertTrue(wide.getMessage().startsWith("addressPlan.v4Pool"), wide.getMessage());
        DammException order = assertThrows(DammException.class,
                () -> new AddressPlan(IpNetwork.parse("10.0.0.0/24"), Optional.empty(), 10, 5, Duration.ZERO));
        org.junit.jupiter.api.Assertions.assertTrue(order.getMessage().startsWith("addressPlan.firstClientOffset"), order.getMessage());
    }
}
