package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The world without an MPI launcher (how the test JVM runs): rank 0 of 1, every collective an identity. */
class SingleProcessTest {
    @Test
    void worldWithoutLauncherIsOneProcess() {
        Comm c = Comm.world();
        assertEquals(0, c.rank());
        assertEquals(1, c.size());
        assertTrue(c.isRoot());
        assertTrue(c.describe().contains("single process"));
        c.barrier();
        c.finish();
    }

    @Test
    void collectivesLeaveOrCopyTheData() {
        Comm c = Comm.single();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(JAVA_DOUBLE, 3);
            MemorySegment.copy(new double[]{1.5, -2, 3}, 0, m, JAVA_DOUBLE, 0, 3);
            c.sum(m, Datatype.FLOAT64, SumOrder.RANKS);
            c.sum(m, Datatype.FLOAT64, SumOrder.MPI);
            c.allreduce(m, Datatype.FLOAT64, ReduceOp.MAX);
            c.broadcast(m, Datatype.FLOAT64, 0);
            assertArrayEquals(new double[]{1.5, -2, 3}, m.toArray(JAVA_DOUBLE));
            MemorySegment all = a.allocate(JAVA_DOUBLE, 3);
            c.allgather(m, all, Datatype.FLOAT64);
            assertArrayEquals(new double[]{1.5, -2, 3}, all.toArray(JAVA_DOUBLE));
            assertArrayEquals(new double[]{1.5, -2, 3}, c.gather(m, Datatype.FLOAT64, 0, a).toArray(JAVA_DOUBLE));
            assertArrayEquals(new double[]{4, 5}, c.reduce(new double[]{4, 5}, ReduceOp.SUM));
            assertArrayEquals(new double[0], c.reduce(new double[0], ReduceOp.MIN));
        }
    }

    @Test
    void badArgumentsFailAsUnderMpi() {
        Comm c = Comm.single();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(12);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.sum(m, Datatype.FLOAT64, SumOrder.RANKS));
            assertTrue(e.getMessage().contains("not a whole number of FLOAT64"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.allreduce(m, Datatype.BYTE, ReduceOp.SUM));
            assertThrows(IllegalArgumentException.class, () -> c.broadcast(m, Datatype.FLOAT32, 1));
            assertThrows(IllegalArgumentException.class, () -> c.allgather(m, a.allocate(8), Datatype.FLOAT32));
            e = assertThrows(IllegalArgumentException.class, () -> c.sum(MemorySegment.ofArray(new double[2]), Datatype.FLOAT64, SumOrder.MPI));
            assertTrue(e.getMessage().contains("off-heap"), e.getMessage());
        }
    }
}
