package org.jnequip.e3;

import org.jnequip.tensor.Rng;

/**
 * 3×3 rotation matrices (row-major, acting on column vectors v' = R v) for tests and data augmentation.
 * A unit quaternion q = (w, x, y, z) maps to R(q); with q from four independent normals, R is uniform (Haar).
 */
public final class Rotations {
    private Rotations() {}

    /** A Haar-uniform random rotation. */
    public static double[] random(Rng rng) {
        while (true) {
            double[] q = rng.normal(4);
            double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            if (n > 1e-9) return fromQuaternion(q[0] / n, q[1] / n, q[2] / n, q[3] / n);
        }
    }

    /** R(q) for a unit quaternion (w, x, y, z). */
    public static double[] fromQuaternion(double w, double x, double y, double z) {
        return new double[]{
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    /** Right-handed rotation by angle (radians) about axis (any nonzero length): Rodrigues' formula. */
    public static double[] fromAxisAngle(double[] axis, double angle) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        if (!(n > 0)) throw new IllegalArgumentException("Rotations.fromAxisAngle: axis must be nonzero and finite");
        double s = Math.sin(angle / 2) / n;
        return fromQuaternion(Math.cos(angle / 2), axis[0] * s, axis[1] * s, axis[2] * s);
    }

    /** a·b for 3×3 matrices. */
    public static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
        return c;
    }

    /** R v. */
    public static double[] apply(double[] R, double[] v) {
        return new double[]{R[0] * v[0] + R[1] * v[1] + R[2] * v[2], R[3] * v[0] + R[4] * v[1] + R[5] * v[2],
                R[6] * v[0] + R[7] * v[1] + R[8] * v[2]};
    }

    public static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }
}
