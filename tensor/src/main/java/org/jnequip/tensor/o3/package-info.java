/**
 * The O(3) maths that the tensor API's equivariant primitives are defined by: pure functions, JDK only, shared
 * by every backend and by module {@code e3}.
 * <ul>
 *   <li>{@link org.jnequip.tensor.o3.ClebschGordan}: the real Clebsch–Gordan tensors (e3nn {@code wigner_3j}),
 *       which {@code e3.Wigner3j} exposes and from which {@code TpPlan}s take their coefficients;</li>
 *   <li>{@link org.jnequip.tensor.o3.ShPolynomials}: the spherical harmonics as homogeneous polynomials, what
 *       {@code Backend#sphericalHarmonics} computes: the CPU kernel evaluates them, device kernels take the
 *       recursion table, {@code e3.SphericalHarmonics} and {@code e3.WignerD} evaluate single vectors.</li>
 * </ul>
 * They live here rather than in {@code e3} because the CPU backend ({@code tensor.cpu}) and the device backends
 * ({@code kernels}) need them and may depend on the tensor API only.
 */
package org.jnequip.tensor.o3;
