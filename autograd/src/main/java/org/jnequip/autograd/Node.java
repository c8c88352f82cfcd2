package org.jnequip.autograd;

/** A recorded op: its name, its inputs and its backward rule. Released (fields nulled) after backward. */
final class Node {
    final String op;
    Var[] inputs;
    Backward backward;

    Node(String op, Var[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    boolean released() { return backward == null; }
}
