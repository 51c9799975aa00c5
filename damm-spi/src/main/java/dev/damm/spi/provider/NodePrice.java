package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * What one node type costs per hour, as the provider publishes it; the orchestrator uses it to
 * keep plans under a spend cap.
 *
 * @param nodeType   the provider's size name, as used in {@link NodeSpec#size()}
 * @param hourly     the price per hour, zero or more, excluding tax
 * @param currency   the currency of {@code hourly}
 */
public record NodePrice(String nodeType, BigDecimal hourly, Currency currency) {

    public NodePrice {
        Require.text("nodePrice.nodeType", nodeType, 64);
        Require.nonNull("nodePrice.hourly", hourly);
        if (hourly.signum() < 0) {
            throw DammException.invalid("nodePrice.hourly", "must not be negative, was " + hourly.toPlainString());
        }
        Require.nonNull("nodePrice.currency", currency);
    }

    /** Convenience for {@code new NodePrice(type, new BigDecimal(hourly), Currency.getInstance(currency))}. */
    public static NodePrice of(String nodeType, String hourly, String currency) {
        Require.text("nodePrice.hourly", hourly, 32);
        Require.text("nodePrice.currency", currency, 3);
        BigDecimal amount;
        try {
            amount = new BigDecimal(hourly.strip());
        } catch (NumberFormatException e) {
            throw DammException.invalid("nodePrice.hourly", "must be a decimal number, was '" + Require.printable(hourly) + "'");
        }
        Currency c;
        try {
            c = Currency.getInstance(currency.strip());
        } catch (IllegalArgumentException e) {
            throw DammException.invalid("nodePrice.currency", "must be an ISO 4217 code, was '" + Require.printable(currency) + "'");
        }
        return new NodePrice(nodeType, amount, c);
    }
}
