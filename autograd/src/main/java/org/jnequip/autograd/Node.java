package org.jnequip.autograd;

/** A recorded op: its name, its inputs and its backward rule. Released (fields nulled) after backward. */
final class Node {
    final String op;
    Var[] inputs;
    Backward backward;
    /** The {@link OpProfile} scope the op ran in (-1 when not profiling): its backward is charged there. */
    final int scope;

    Node(String op, Var[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.scope = OpProfile.currentScope();
    }

    boolean released() { return backward == null; }
}
