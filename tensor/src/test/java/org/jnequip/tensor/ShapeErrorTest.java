package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes throw IllegalArgumentException whose message names the op and both shapes. */
class ShapeErrorTest {
    static final Tensor A = Tensor.zeros(DType.F64, 2, 3), B = Tensor.zeros(DType.F64, 4, 5);

    static void expect(Executable e, String op, String... shapes) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        String m = ex.getMessage();
        assertTrue(m.contains(op), "message should name " + op + ": " + m);
        for (String s : shapes) assertTrue(m.contains(s), "message should contain " + s + ": " + m);
    }

    @Test
    void messagesNameOpAndShapes() {
        expect(() -> A.add(B), "add", "[2, 3]", "[4, 5]");
        expect(() -> A.mul(Tensor.zeros(DType.F64, 3, 2)), "mul", "[2, 3]", "[3, 2]");
        expect(() -> A.gt(B), "gt", "[2, 3]", "[4, 5]");
        expect(() -> A.matmul(B), "matmul", "[2, 3]", "[4, 5]");
        expect(() -> A.matmul(A, true, true), "matmul", "[2, 3]^T");
        expect(() -> Tensor.concat(List.of(A, B), 0), "concat", "[2, 3]", "[4, 5]");
        expect(() -> A.where(Tensor.zeros(DType.F64, 4, 5), A), "where", "[4, 5]", "[2, 3]");
        expect(() -> A.expand(4, 5), "expand", "[2, 3]", "[4, 5]");
        expect(() -> A.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        expect(() -> A.add(Tensor.zeros(DType.F32, 2, 3)), "ADD", "F64", "F32");
        expect(() -> A.slice(1, 2, 5), "slice", "[2, 3]");
    }
}
