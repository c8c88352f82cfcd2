package org.jnequip.autograd;

/**
 * The backward rule of one recorded op: given the gradient of the output, return the gradient of each input
 * (null where {@code needs[i]} is false). Rules are written with differentiable {@link Var} ops only, so when
 * the tape runs with {@code createGraph=true} the backward pass is itself recorded (house style §1).
 */
@FunctionalInterface
public interface Backward {
    Var[] apply(Var gradOut, boolean[] needs);
}
