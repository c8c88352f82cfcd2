package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast decimal parser agrees bit for bit with Double.parseDouble (the correctly rounded reference). */
class FastDoubleTest {
    static void same(String s) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(FastDouble.parse(s, 0, s.length())), s);
    }

    @Test
    void agreesWithParseDouble() {
        Random rng = new Random(7);
        for (int k = 0; k < 200_000; k++) {
            double x = rng.nextGaussian() * Math.pow(10, rng.nextInt(40) - 20);
            same(Double.toString(x));
            same(String.format(Locale.ROOT, "%.10f", x));
            same(String.format(Locale.ROOT, "%.8e", x));
            same(String.format(Locale.ROOT, "%16.8f", x).trim());
            long m = rng.nextLong() >>> rng.nextInt(64);
            same(m + "e" + (rng.nextInt(60) - 30));
        }
        for (String s : new String[] {"0", "-0", "-0.0", "+1.5", ".5", "5.", "1e22", "1e23", "9007199254740993", "123456789012345678901234567890",
                "4.9e-324", "2e-324", "1.7976931348623157e308", "1e400", "0.000000000000000000000000001", "00012.5000"})
            same(s);
    }

    @Test
    void specialsAndGarbage() {
        assertTrue(Double.isNaN(FastDouble.parse("nan", 0, 3)));
        assertTrue(Double.isNaN(FastDouble.parse("NaN", 0, 3)));
        assertEquals(Double.NEGATIVE_INFINITY, FastDouble.parse("-inf", 0, 4));
        assertEquals(Double.POSITIVE_INFINITY, FastDouble.parse("Infinity", 0, 8));
        for (String s : new String[] {"", "-", ".", "e5", "1e", "1.5d", "0x1p3", "1,5", "abc", "1.2.3", "1e+"})
            assertThrows(NumberFormatException.class, () -> FastDouble.parse(s, 0, s.length()), s);
        assertEquals(2.5, FastDouble.parse("xx2.5yy", 2, 5));
    }
}
