package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FusedBufferTest {
    @Test
    void partsLieOneAfterTheOtherAndRoundTrip() {
        FusedBuffer f = FusedBuffer.of(Datatype.FLOAT64, 2, 0, 3);
        assertEquals(3, f.parts());
        assertEquals(5, f.length());
        assertEquals(40, f.segment().byteSize());
        f.put(0, new double[]{1, 2});
        f.put(2, new float[]{3, 4, 5});                                      // converted to the buffer's type
        f.put(1, new double[0]);
        assertArrayEquals(new double[]{1, 2, 3, 4, 5}, f.segment().toArray(JAVA_DOUBLE));
        double[] back = new double[3];
        f.get(2, back);
        assertArrayEquals(new double[]{3, 4, 5}, back);
        f.part(0).setAtIndex(JAVA_DOUBLE, 1, 7);                             // a part is a view
        f.get(0, back = new double[2]);
        assertArrayEquals(new double[]{1, 7}, back);
        f.sum(Comm.single(), SumOrder.RANKS);
        assertArrayEquals(new double[]{1, 7, 3, 4, 5}, f.segment().toArray(JAVA_DOUBLE));
    }

    @Test
    void float32BufferRoundsDoubles() {
        FusedBuffer f = FusedBuffer.of(Datatype.FLOAT32, 2);
        f.put(0, new double[]{0.1, 1e40});
        float[] out = new float[2];
        f.get(0, out);
        assertArrayEquals(new float[]{0.1f, Float.POSITIVE_INFINITY}, out);
        double[] d = new double[2];
        f.get(0, d);
        assertEquals((double) 0.1f, d[0]);
    }

    @Test
    void misuseIsReported() {
        FusedBuffer f = FusedBuffer.of(Datatype.FLOAT64, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> f.put(0, new double[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> f.get(2, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> FusedBuffer.of(Datatype.INT64, 1));
        assertThrows(IllegalArgumentException.class, () -> FusedBuffer.of(Datatype.FLOAT64, -1));
    }
}
