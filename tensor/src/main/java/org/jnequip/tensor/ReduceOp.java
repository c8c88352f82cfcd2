package org.jnequip.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp { SUM, MAX, MIN }
