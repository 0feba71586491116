"""Nodes: the vertices of a functional graph.

A `Node` is the record of *one call* of a layer on symbolic tensors. It links the
tensors that went in to the tensors that came out. A layer called three times has three
nodes, in `layer._inbound_nodes`, and their positions (0, 1, 2) are the "node indices"
that `layer.get_output_at(1)` and a summary's `lstm_1[1][0]` refer to.

Because every output tensor remembers its node, and every node remembers its input
tensors, the nodes form a directed acyclic graph that can be walked from any tensor
back to the model's inputs. That is all a functional model is.
"""


class Node:
    """One call of `layer`: `input_tensors` in, `output_tensors` out.

    `arguments` keeps the inputs in the structure they were passed in (one tensor, a
    list, a dict) so that the call can be replayed on real values later;
    `call_kwargs` keeps the other keyword arguments of that call.
    """

    def __init__(self, layer, arguments, input_tensors, output_tensors, call_kwargs=None):
        self.layer = layer
        self.arguments = arguments
        self.input_tensors = list(input_tensors)
        self.output_tensors = list(output_tensors)
        self.call_kwargs = dict(call_kwargs or {})
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for tensor in self.input_tensors:
            tensor.history[0]._outbound_nodes.append(self)

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
