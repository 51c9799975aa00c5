package dev.damm.server.http;

import dev.damm.core.loop.ControlLoop;
import dev.damm.core.report.OperatorReport;
import dev.damm.core.report.OperatorReportBuilder;
import dev.damm.core.report.VitalSample;
import dev.damm.core.report.VitalSignsHistory;
import dev.damm.spi.DammException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator report and pages are read from: the control loop, the vital signs sampled on
 * the server's schedule (the loop keeps only the current window), and the permeability artifact
 * when one is given ({@code permeability.json} in the data directory, as the permeability model
 * publishes it; without it the zone, incident and permeability sections are empty). Thread-safe.
 */
public final class OperatorData {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorData.class);
    /** Samples kept: a day at the default 10-second tick is 8,640; the plots need far fewer to show a trend. */
    static final int HISTORY_CAPACITY = 2_880;
    /** Each sample counts catalog churn over this window before it. */
    static final Duration SAMPLE_WINDOW = Duration.ofHours(1);
    /** The report counts catalog churn over this window. */
    static final Duration REPORT_WINDOW = Duration.ofHours(24);
    /** Where the permeability artifact is read from, under the data directory. */
    static final String PERMEABILITY_FILE = "permeability.json";

    private final ControlLoop loop;
    private final Clock clock;
    private final Path permeability;
    private final VitalSignsHistory history = new VitalSignsHistory(HISTORY_CAPACITY);

    public OperatorData(ControlLoop loop, Clock clock, Path dataDir) {
        this.loop = loop;
        this.clock = clock;
        this.permeability = dataDir.resolve(PERMEABILITY_FILE);
    }

    /** Records one reading of the loop's vital signs; call it after each tick. */
    public VitalSample sampleVitalSigns() {
        return history.record(loop.vitalSigns(clock.instant().minus(SAMPLE_WINDOW)));
    }

    /** The report now, with the samples so far. */
    public OperatorReport report() {
        OperatorReportBuilder b = OperatorReport.builder(loop).since(clock.instant().minus(REPORT_WINDOW)).history(history);
        if (Files.isRegularFile(permeability)) {
            try {
                b.permeabilityArtifact(Files.readString(permeability, StandardCharsets.UTF_8));
            } catch (IOException | DammException e) {
                // A bad artifact must not take the report down: the other sections stand on their own.
                LOG.warn("permeability artifact {} not used: {}", permeability, e.getMessage());
            }
        }
        return b.build();
    }
}
