package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ratelimit.BucketShape;
import dev.damm.server.http.RateLimitSettings;
import dev.damm.server.http.ServerSettings;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The config file's rate-limit, log and job settings, and the refusals of bad ones. */
class InfraSettingsTest {

    private static ServerCommand parsed(Path config, String... more) {
        ServerCommand cmd = new ServerCommand();
        String[] args = new String[more.length + 2];
        args[0] = "--config";
        args[1] = config.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void rateLimitsJobsAndLogFormatComeFromTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", "rate.enroll.per-address=5/10s", "rate.admin.per-token=off", "rate.reports.per-address=7/h",
                "trust-forwarded-for=true", "job-lease-seconds=9", "admission-seconds=2", "audit-retention-hours=48",
                "pass-expiry-every-seconds=60", "pass-expiry-grace-seconds=0", "log-format=text", ""));
        ServerCommand cmd = parsed(config);
        ServerSettings s = cmd.settings();
        RateLimitSettings r = s.rateLimits();
        assertEquals(Optional.of(new BucketShape(5, Duration.ofSeconds(10))), r.perAddress().get(RateLimitSettings.Family.ENROLL));
        assertEquals(Optional.of(BucketShape.perHour(7)), r.perAddress().get(RateLimitSettings.Family.REPORTS));
        assertEquals(Optional.empty(), r.perToken().get(RateLimitSettings.Family.ADMIN));
        assertEquals(RateLimitSettings.defaults().perAddress().get(RateLimitSettings.Family.CATALOGS),
                r.perAddress().get(RateLimitSettings.Family.CATALOGS), "an unset family keeps its default");
        assertTrue(r.trustForwardedFor());
        assertEquals(Duration.ofSeconds(9), s.jobs().lease());
        assertEquals(Duration.ofSeconds(2), s.jobs().admissionEvery());
        assertEquals(Duration.ofHours(48), s.jobs().auditRetention());
        assertEquals(Duration.ofMinutes(1), s.jobs().passExpiryEvery());
        assertEquals(Duration.ZERO, s.jobs().passExpiryGrace());
        java.util.Properties file = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(config)) {
            file.load(in);
        }
        assertEquals("text", cmd.logFormat(file), "the file's log-format");
        assertEquals("json", parsed(config, "--log-format", "json").logFormat(file), "the option wins over the file");
        assertEquals("json", cmd.logFormat(new java.util.Properties()), "JSON unless told otherwise");
    }

    @Test
    void withoutAConfigTheDefaultsHold(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("empty.properties");
        Files.writeString(config, "");
        ServerSettings s = parsed(config).settings();
        assertEquals(RateLimitSettings.defaults(), s.rateLimits());
        assertEquals(dev.damm.server.jobs.JobSettings.defaults(), s.jobs());
        assertEquals(false, s.rateLimits().trustForwardedFor(), "X-Forwarded-For is not trusted unless configured");
    }

    @Test
    void badSettingsAreConfigurationErrors(@TempDir Path dir) throws Exception {
        for (String bad : new String[] {"rate.enroll.per-address=lots", "rate.enroll.per-address=0/1m", "rate.enroll.per-address=5/9000h",
                "rate.bogus.per-address=5/m", "trust-forwarded-for=yes", "job-lease-seconds=1", "audit-retention-hours=0",
                "admission-seconds=abc"}) {
            Path config = dir.resolve("bad.properties");
            Files.writeString(config, bad + "\n");
            DammException e = assertThrows(DammException.class, () -> parsed(config).settings(), bad);
            assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode(), bad + ": " + e.getMessage());
        }
        Path config = dir.resolve("format.properties");
        Files.writeString(config, "log-format=xml\n");
        ServerCommand cmd = parsed(config);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("log-format", "xml");
        DammException e = assertThrows(DammException.class, () -> cmd.logFormat(p));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
    }
}
