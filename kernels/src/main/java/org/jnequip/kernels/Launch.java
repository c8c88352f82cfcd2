package org.jnequip.kernels;

/**
 * One recorded kernel launch, exactly as {@link Driver#launch} received it: the arguments hold the
 * {@link DeviceBuffer}s themselves, so a recording keeps every buffer it touches alive (and out of the pool).
 */
record Launch(String program, String kernel, int[] global, int[] local, Object[] args) {}
