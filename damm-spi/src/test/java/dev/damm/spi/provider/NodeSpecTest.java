package dev.damm.spi.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSpecTest {

    private static NodeSpec.Builder valid() {
        return NodeSpec.builder().role(NodeRole.INGRESS).region(RegionCode.of("eu-central")).size("cx22").image("debian-12")
                .label("damm-pool", "warm").idempotencyKey("plan-42-node-1");
    }

    @Test
    void buildsAValidSpecAndAddsTheIdempotencyKeyToProviderLabels() {
        NodeSpec spec = valid().userData("#cloud-config\n").build();

        assertEquals(Map.of("damm-pool", "warm"), spec.labels());
        assertEquals(Map.of("damm-pool", "warm", IdempotencyKey.LABEL, "plan-42-node-1"), spec.providerLabels());
        assertEquals(Optional.of("#cloud-config\n"), spec.userData());
        assertEquals(spec, spec.toBuilder().build());
    }

    @Test
    void toStringShowsTheUserDataSizeButNotItsContent() {
        NodeSpec spec = valid().userData("PrivateKey = c2VjcmV0").build();

        assertFalse(spec.toString().contains("c2VjcmV0"), spec.toString());
        assertTrue(spec.toString().contains("userData=21 bytes"), spec.toString());
    }

    @Test
    void userDataOverTheLimitIsPayloadTooLarge() {
        DammException e = assertThrows(DammException.class, () -> valid().userData("x".repeat(NodeSpec.MAX_USER_DATA_BYTES + 1)).build());

        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.errorCode());
        assertTrue(e.getMessage().startsWith("nodeSpec.userData:"), e.getMessage());
    }

    @Test
    void userDataIsMeasuredInUtf8Bytes() {
        String threeByteChars = "\u20ac".repeat(NodeSpec.MAX_USER_DATA_BYTES / 3 + 1);

        assertThrows(DammException.class, () -> valid().userData(threeByteChars).build());
    }

    @Test
    void everyRequiredFieldIsNamedWhenMissing() {
        assertEquals("nodeSpec.role", field(() -> valid().role(null).build()));
        assertEquals("nodeSpec.region", field(() -> valid().region(null).build()));
        assertEquals("nodeSpec.size", field(() -> valid().size(" ").build()));
        assertEquals("nodeSpec.image", field(() -> valid().image(null).build()));
        assertEquals("nodeSpec.idempotencyKey", field(() -> NodeSpec.builder().role(NodeRole.EGRESS)
                .region(RegionCode.of("eu-central")).size("s").image("i").build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading", "trailing-", "has space", "slash/inside",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsMalformedIdempotencyKeys(String key) {
        assertEquals("idempotencyKey", field(() -> valid().idempotencyKey(key)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-1", "plan.7_node-3", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsKubernetesShapedIdempotencyKeys(String key) {
        assertEquals(key, valid().idempotencyKey(key).build().idempotencyKey().value());
    }

    @Test
    void labelsFollowKubernetesRules() {
        assertEquals(Map.of("example.com/team", "", "tier", "a.b_c-d"),
                valid().labels(Map.of("example.com/team", "", "tier", "a.b_c-d")).build().labels().entrySet().stream()
                        .filter(e -> !e.getKey().equals("damm-pool")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals("nodeSpec.labels", field(() -> valid().label("Bad Key", "v").build()));
        assertEquals("nodeSpec.labels", field(() -> valid().label("UPPER.example/x", "v").build()));
        assertEquals("nodeSpec.labels", field(() -> valid().label("/x", "v").build()));
        assertEquals("nodeSpec.labels[k]", field(() -> valid().label("k", "-v").build()));
        assertEquals("nodeSpec.labels[k]", field(() -> valid().label("k", "v".repeat(64)).build()));
        assertEquals("nodeSpec.labels", field(() -> valid().label("k" + "x".repeat(63), "v").build()));
    }

    @Test
    void theDammPrefixIsReservedInCallerLabels() {
        DammException e = assertThrows(DammException.class, () -> valid().label(IdempotencyKey.LABEL, "sneaky").build());

        assertTrue(e.getMessage().contains("reserved prefix"), e.getMessage());
    }

    @Test
    void tooManyLabelsAreRejected() {
        NodeSpec.Builder b = valid();
        for (int i = 0; i < 64; i++) {
            b.label("k" + i, "v");
        }
        assertEquals("nodeSpec.labels", field(b::build));
    }

    @Test
    void computeRefusesASpecWhoseRoleDoesNotMatchTheCall() {
        Compute compute = new Compute() {
            @Override
            public NodeRef createNode(NodeSpec spec) {
                throw new AssertionError("must not be reached");
            }

            @Override
            public NodeRef drainNode(NodeRef node) {
                return node;
            }

            @Override
            public void retireNode(NodeRef node) {}

            @Override
            public java.util.List<NodeRef> listNodes(NodeFilter filter) {
                return java.util.List.of();
            }
        };

        assertEquals("spec.role", field(() -> compute.createEgressNode(valid().build())));
        assertEquals("spec", field(() -> compute.createIngressNode(null)));
        assertEquals(java.util.List.of(), compute.prices());
    }

    static String field(Runnable r) {
        DammException e = assertThrows(DammException.class, r::run);
        assertTrue(e.errorCode() == ErrorCode.INVALID_ARGUMENT || e.errorCode() == ErrorCode.PAYLOAD_TOO_LARGE, e.toString());
        return e.getMessage().substring(0, e.getMessage().indexOf(':'));
    }
}
