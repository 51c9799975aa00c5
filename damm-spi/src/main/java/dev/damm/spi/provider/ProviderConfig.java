package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a plug-in needs to open an adapter: which provider, its settings and credentials, an
 * optional base URL override, timeouts, a clock, and typed attachments such as an HTTP client.
 *
 * <p><b>Attachments</b> let a test or an embedding application hand a plug-in objects whose types
 * the JDK-only SPI cannot name. The convention: a plug-in documents which types it looks up with
 * {@link #attachment(Class)}, and uses the attached instance instead of building its own. An
 * OkHttp-based plug-in, for example, reads {@code attachment(OkHttpClient.class)} so tests can
 * attach a client whose interceptor points at WireMock; an in-memory plug-in may look up the object
 * that holds its fake provider state.
 *
 * <p><b>Secrets</b> are held as {@link Secret}s, printed as {@code <redacted>} by
 * {@link #toString()}, and never put in exception messages.
 *
 * <p>Instances are immutable and safe to share between threads (attached objects are shared as is).
 */
public final class ProviderConfig {
    /** The connect timeout used when none is set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The whole-call timeout used when none is set. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_SETTING_CHARS = 64 * 1024;

    private final ProviderId provider;
    private final Map<String, String> settings;
    private final Map<String, Secret> secrets;
    private final URI baseUrl;
    private final Map<Class<?>, Object> attachments;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Clock clock;

    private ProviderConfig(Builder b) {
        this.provider = b.provider;
        this.settings = Map.copyOf(b.settings);
        this.secrets = Map.copyOf(b.secrets);
        this.baseUrl = b.baseUrl;
        this.attachments = Map.copyOf(b.attachments);
        this.connectTimeout = timeout("config.connectTimeout", b.connectTimeout);
        this.callTimeout = timeout("config.callTimeout", b.callTimeout);
        this.clock = Require.nonNull("config.clock", b.clock);
    }

    /** Starts a configuration for the plug-in with id {@code provider}. */
    public static Builder builder(String provider) {
        return new Builder(ProviderId.of(provider));
    }

    /** The id of the plug-in this configuration opens. */
    public ProviderId provider() {
        return provider;
    }

    /** The non-secret setting {@code key}, if set. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(Require.nonNull("key", key)));
    }

    /** The non-secret setting {@code key}, or a {@code CONFIGURATION_ERROR} naming it. */
    public String requireSetting(String key) {
        return setting(key).orElseThrow(() -> missing(key));
    }

    /** The credential {@code key}, if set. */
    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(Require.nonNull("key", key)));
    }

    /** The credential {@code key}, or a {@code CONFIGURATION_ERROR} naming it. */
    public Secret requireSecret(String key) {
        return secret(key).orElseThrow(() -> missing(key));
    }

    /** True when {@code key} is set as a setting or a secret. */
    public boolean has(String key) {
        return settings.containsKey(key) || secrets.containsKey(key);
    }

    /** Every key set, settings and secrets, sorted. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(secrets.keySet());
        return Set.copyOf(keys);
    }

    /** Replaces the provider's API base URL (a WireMock server in tests, a proxy in production). */
    public Optional<URI> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /** The object attached under {@code type}, if any; see the class comment for the convention. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachments.get(Require.nonNull("type", type))).map(type::cast);
    }

    /** How long to wait for a connection to the provider. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one SPI call may take in total, including retries the adapter makes itself. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The clock adapters read time from (health timestamps, Retry-After dates). */
    public Clock clock() {
        return clock;
    }

    private DammException missing(String key) {
        return new DammException(ErrorCode.CONFIGURATION_ERROR, key + ": required by provider '" + provider + "' but not configured");
    }

    private static Duration timeout(String field, Duration d) {
        Require.nonNull(field, d);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw DammException.invalid(field, "must be positive and at most " + MAX_TIMEOUT + ", was " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderConfig[").append(provider);
        for (String key : keys()) {
            sb.append(", ").append(key).append('=');
            String v = settings.get(key);
            sb.append(v == null ? "<redacted>" : Require.printable(v));
        }
        if (baseUrl != null) {
            sb.append(", baseUrl=").append(baseUrl);
        }
        for (Class<?> type : attachments.keySet()) {
            sb.append(", attached ").append(type.getSimpleName());
        }
        return sb.append(", connectTimeout=").append(connectTimeout).append(", callTimeout=").append(callTimeout).append(']').toString();
    }

    /** Builds a {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private final ProviderId provider;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        private URI baseUrl;
        private final Map<Class<?>, Object> attachments = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder(ProviderId provider) {
            this.provider = provider;
        }

        /** Sets a non-secret setting; values may span lines (lists of hosts, for example). */
        public Builder setting(String key, String value) {
            checkKey(key);
            Require.nonNull(key, value);
            if (value.length() > MAX_SETTING_CHARS) {
                throw DammException.invalid(key, "must be at most " + MAX_SETTING_CHARS + " characters, was " + value.length());
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                    throw DammException.invalid(key, "must not contain control characters");
                }
            }
            settings.put(key, value);
            return this;
        }

        /** Sets every entry of {@code settings}. */
        public Builder settings(Map<String, String> settings) {
            Require.nonNull("settings", settings).forEach(this::setting);
            return this;
        }

        public Builder secret(String key, Secret secret) {
            checkKey(key);
            secrets.put(key, Require.nonNull(key, secret));
            return this;
        }

        /** Reads credential {@code key} from environment variable {@code variable} now. */
        public Builder secretFromEnvironment(String key, String variable) {
            return secret(key, Secret.fromEnvironment(key, variable));
        }

        /** Reads credential {@code key} from {@code file} now; see {@link Secret#fromFile}. */
        public Builder secretFromFile(String key, Path file) {
            return secret(key, Secret.fromFile(key, file));
        }

        /** Overrides the provider's API base URL; it must be an absolute http or https URI. */
        public Builder baseUrl(URI baseUrl) {
            Require.nonNull("config.baseUrl", baseUrl);
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!baseUrl.isAbsolute() || baseUrl.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw DammException.invalid("config.baseUrl", "must be an absolute http or https URI, was '" + Require.printable(baseUrl.toString()) + "'");
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** Attaches {@code value} under {@code type}; see the class comment for the convention. */
        public <T> Builder attach(Class<T> type, T value) {
            Require.nonNull("attachment type", type);
            attachments.put(type, type.cast(Require.nonNull("attachment " + type.getSimpleName(), value)));
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ProviderConfig build() {
            for (String key : settings.keySet()) {
                if (secrets.containsKey(key)) {
                    throw DammException.invalid(key, "is set both as a setting and as a secret");
                }
            }
            return new ProviderConfig(this);
        }

        private static void checkKey(String key) {
            Require.matches("config key", key, ConfigKey.NAME, 64, "a letter followed by up to 63 letters, digits, '.', '_' or '-'");
        }
    }
}
