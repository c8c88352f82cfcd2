package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits are disjoint, cover the data set, and nest across n_train (same dataset_seed) for data-efficiency studies. */
class SplitsTest {
    static Set<Integer> set(int[] a) { return Arrays.stream(a).boxed().collect(Collectors.toSet()); }

    @Test
    void disjointCoveringAndNested(@TempDir Path tmp) {
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp, TrainTestSupport.ethanol());
        raw.put("n_train", 100);
        raw.put("n_val", 50);
        TrainingData small = TrainingData.load(TrainTestSupport.parse(raw, tmp));
        raw.put("n_train", 400);
        TrainingData large = TrainingData.load(TrainTestSupport.parse(raw, tmp));
        for (TrainingData d : new TrainingData[]{small, large}) {
            Set<Integer> tr = set(d.trainIndex()), va = set(d.valIndex()), te = set(d.testIndex());
            assertEquals(d.trainIndex().length, tr.size());
            assertTrue(java.util.Collections.disjoint(tr, va) && java.util.Collections.disjoint(tr, te) && java.util.Collections.disjoint(va, te));
            assertEquals(d.frames().size(), tr.size() + va.size() + te.size());
        }
        assertTrue(set(large.trainIndex()).containsAll(set(small.trainIndex())));
        assertTrue(set(small.testIndex()).containsAll(set(large.testIndex())), "held-out frames of the larger run are unseen by the smaller");
        assertEquals(2000 - 450, large.testIndex().length);
        raw.put("dataset_seed", 99);
        assertFalse(Arrays.equals(large.trainIndex(), TrainingData.load(TrainTestSupport.parse(raw, tmp)).trainIndex()));
    }
}
