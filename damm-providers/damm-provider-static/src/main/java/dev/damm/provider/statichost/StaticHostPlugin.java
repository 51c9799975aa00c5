package dev.damm.provider.statichost;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.ConfigKey;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provider for hosts set up by hand (a friend's home box, a VPS with no API): it offers
 * {@link Capability#INGRESS} and {@link Capability#EGRESS} over a configured host list, which it
 * can include and exclude but never create or retire. Its id is {@value #ID}.
 *
 * <p>Configuration: {@code hosts} (inline list) and/or {@code hostsFile} (a file, same syntax),
 * and optionally {@code region} for hosts that name none. The syntax, one host per entry:
 *
 * <pre>
 * pi-home=203.0.113.5:51820 region=eu-central probe=22
 * vps-1=[2001:db8::5]:51820 region=us-east egress=2001:db8::5
 * </pre>
 *
 * <p>Health probes connect to a host's {@code probe} TCP port. WireGuard itself listens on UDP and
 * answers nothing to a packet without a valid handshake, so a host without a probe port reports
 * {@code UNKNOWN} rather than a guess. Only configured hosts are ever probed.
 */
public final class StaticHostPlugin implements ProviderPlugin {
    /** The provider id. */
    public static final String ID = "static";

    static final String HOSTS = "hosts";
    static final String HOSTS_FILE = "hostsFile";
    static final String REGION = "region";
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("Static hosts")
            .capability(Capability.INGRESS)
            .capability(Capability.EGRESS)
            .configKey(ConfigKey.optional(HOSTS, "hosts as name=host:port [region=..] [egress=ip] [probe=tcp-port] [tier=T0..T4], comma or line separated"))
            .configKey(ConfigKey.optional(HOSTS_FILE, "path of a file listing hosts, one per line, same syntax as hosts"))
            .configKey(ConfigKey.optional(REGION, "the DAMM region of hosts that do not name one"))
            .build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ProviderAdapter open(ProviderConfig config) {
        Require.nonNull("config", config);
        if (!config.provider().value().equals(ID)) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider: this plug-in is '" + ID + "', not '" + config.provider() + "'");
        }
        RegionCode defaultRegion;
        try {
            defaultRegion = config.setting(REGION).map(RegionCode::of).orElse(null);
        } catch (DammException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, REGION + ": " + e.getMessage());
        }
        List<Map<String, StaticHost>> sources = new ArrayList<>();
        config.setting(HOSTS).ifPresent(text -> sources.add(HostList.parse(HOSTS, text, defaultRegion)));
        config.setting(HOSTS_FILE).ifPresent(file -> sources.add(HostList.parse(HOSTS_FILE, read(file), defaultRegion)));
        Map<String, StaticHost> hosts = HostList.merge(sources);
        if (hosts.isEmpty()) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, HOSTS + ": no hosts configured; set '" + HOSTS + "' or '" + HOSTS_FILE + "'");
        }
        return new StaticHostAdapter(DESCRIPTOR.id(), hosts, config);
    }

    private static String read(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, HOSTS_FILE + ": '" + Require.printable(file) + "' is not a valid path");
        }
        try {
            if (!Files.isRegularFile(path)) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, HOSTS_FILE + ": " + path + " does not exist or is not a regular file");
            }
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, HOSTS_FILE + ": " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, HOSTS_FILE + ": " + path + " could not be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
