package dev.damm.server.demo;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A QR code drawn with text, for a phone camera pointed at a terminal. Each character cell holds
 * two modules, one above the other, with the half-block characters: a cell is about half as wide
 * as it is tall, so one column and half a row make a square module. The symbol keeps the
 * four-module quiet zone scanners need around it.
 *
 * <p>Light modules are the drawn ones (the glyph's ink) and dark modules are the background, so
 * on a terminal with light text on a dark background the code reads dark-on-light, as printed
 * codes do. {@link #colored} pins those two colours with ANSI escapes for terminals themed the
 * other way.
 */
final class TerminalQr {
    /** Modules of light margin on every side; the QR specification asks for four. */
    static final int QUIET_ZONE = 4;
    private static final String ANSI_START = "\u001b[97;40m";
    private static final String ANSI_END = "\u001b[0m";

    private TerminalQr() {}

    /** The code's modules, {@code true} for dark, quiet zone included: {@code [row][column]}. */
    static boolean[][] modules(String text) {
        ByteMatrix m;
        try {
            // Level L: the smallest symbol for the text, which matters on an 80-column terminal.
            m = Encoder.encode(text, ErrorCorrectionLevel.L).getMatrix();
        } catch (WriterException e) {
            throw new DammException(ErrorCode.INVALID_ARGUMENT, "qr: the text does not fit in a QR code (" + text.length() + " characters)");
        }
        int size = m.getWidth() + 2 * QUIET_ZONE;
        boolean[][] out = new boolean[size][size];
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                out[y + QUIET_ZONE][x + QUIET_ZONE] = m.get(x, y) == 1;
            }
        }
        return out;
    }

    /** The code as lines of text, two module rows per line; an odd last row is paired with light margin. */
    static List<String> lines(String text) {
        boolean[][] m = modules(text);
        List<String> out = new ArrayList<>();
        for (int y = 0; y < m.length; y += 2) {
            StringBuilder b = new StringBuilder(m.length);
            for (int x = 0; x < m.length; x++) {
                boolean topLight = !m[y][x];
                boolean bottomLight = y + 1 >= m.length || !m[y + 1][x];
                b.append(topLight ? (bottomLight ? '\u2588' : '\u2580') : (bottomLight ? '\u2584' : ' '));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** {@code line} with white ink on a black background, whatever the terminal's theme. */
    static String colored(String line) {
        return ANSI_START + line + ANSI_END;
    }
}
