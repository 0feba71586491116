"""Nodes: the vertices of a functional graph.

A `Node` is the record of *one call* of a layer on symbolic tensors. It keeps the call's
arguments exactly as they were given (tensors, constants, `None`, `training=False`, in any
structure) and the tensors that came out. A layer called three times has three nodes, in
`layer._inbound_nodes`, and their positions (0, 1, 2) are the "node indices" that
`layer.get_output_at(1)` and a summary's `lstm_1[1][0]` refer to.

Because every output tensor remembers its node, and every node remembers its input
tensors, the nodes form a directed acyclic graph that can be walked from any tensor
back to the model's inputs. That is all a functional model is.
"""
from fnapi.graph.structure import flatten, map_structure
from fnapi.graph.tensor import is_symbolic


class Node:
    """One call `layer(*call_args, **call_kwargs)` that returned `outputs`.

    `input_tensors` are the symbolic tensors found anywhere in the arguments, in `tf.nest`
    order; `output_tensors` are the leaves of `outputs`. Replaying the node means calling
    the layer again with the same arguments, each symbolic tensor replaced by its value
    (`fill_in`): that is how a model runs on data.
    """

    def __init__(self, layer, call_args=(), call_kwargs=None, outputs=()):
        self.layer = layer
        self.call_args, self.call_kwargs = tuple(call_args), dict(call_kwargs or {})
        self.input_tensors = [x for x in flatten((self.call_args, self.call_kwargs))
                              if is_symbolic(x)]
        self.outputs = outputs
        self.output_tensors = flatten(outputs)
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for tensor in self.input_tensors:
            tensor.history[0]._outbound_nodes.append(self)

    def fill_in(self, value_of):
        """The call's `(args, kwargs)`, each symbolic tensor `t` replaced by `value_of(t)`."""
        return map_structure(lambda x: value_of(x) if is_symbolic(x) else x,
                             (self.call_args, self.call_kwargs))

    def detach(self):
        """Forget this node (the last call of its layer), as if the call never happened."""
        assert self.layer._inbound_nodes[-1] is self, "only a layer's last node can go"
        self.layer._inbound_nodes.pop()
        for tensor in self.input_tensors:
            tensor.history[0]._outbound_nodes.remove(self)

    @property
    def is_input(self):
        """An Input layer's node has no parents: the graph starts here."""
        return not self.input_tensors

    @property
    def parent_nodes(self):
        return [t.node for t in self.input_tensors]

    @property
    def input_shapes(self):
        return _one_or_list([t.shape for t in self.input_tensors])

    @property
    def output_shapes(self):
        return _one_or_list([t.shape for t in self.output_tensors])

    def __repr__(self):
        return f"<Node {self.layer.name}[{self.index}]>"


def _one_or_list(items):
    return items[0] if len(items) == 1 else items
