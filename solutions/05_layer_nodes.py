"""Worked answers for lesson 05 (layer nodes). Run: python solutions/05_layer_nodes.py"""
import sys

import fnapi  # noqa: F401  (first: keeps TensorFlow's start-up logs out)

from exercises import lesson05 as ex


# Exercise 1: the shapes of every call, asked node by node (never `.input_shape`, which is
# ill-defined as soon as two calls disagree).
def shape_table(layer):
    return {i: (layer.get_input_shape_at(i), layer.get_output_shape_at(i))
            for i in range(len(layer._inbound_nodes))}


# Exercise 2: a depth-first walk from the tensor's node to the Inputs. A node is appended
# after all its parents (so parents come first), and the `seen` set keeps a node that two
# paths reach (a diamond, a shared Input) from being listed twice.
def walk_back(tensor):
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for parent in node.input_tensors:
            visit(parent.node)
        order.append(node)

    visit(tensor.node)
    return order


# Exercise 3: the nodes the model runs are those upstream of its outputs; keep the ones
# that are calls of `layer`. Their indices count the layer's calls, whatever the model.
def node_indices(model, layer):
    nodes = [node for output in model.outputs for node in walk_back(output)]
    return sorted({node.index for node in nodes if node.layer is layer})


if __name__ == "__main__":
    results = [ex.check_1(shape_table), ex.check_2(walk_back), ex.check_3(node_indices)]
    sys.exit(0 if all(results) else 1)
