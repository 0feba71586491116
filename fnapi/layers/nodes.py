"""Node indexing: which input and output does a layer have, if it was called many times?

A layer called once has one node, so "the layer's output" is clear. A shared layer has a
node per call, and then only `get_output_at(node_index)` is well defined. This is the
section 层「节点」的概念 of the guide, kept exactly (Keras 3 removed it).
"""


class NodeAccess:
    """Mixed into `Layer`: reads inputs, outputs and shapes off `self._inbound_nodes`."""

    @property
    def inbound_nodes(self):
        """The nodes of this layer's calls, in call order (Keras 2's public name)."""
        return list(self._inbound_nodes)

    @property
    def outbound_nodes(self):
        """The nodes of the calls that took this layer's outputs as inputs."""
        return list(self._outbound_nodes)

    def _node(self, node_index, what):
        nodes = self._inbound_nodes
        if not nodes:
            raise ValueError(f"Layer {self.name} has never been called, so it has no {what}. "
                             "Call it on a tensor first.")
        if not isinstance(node_index, int) or not 0 <= node_index < len(nodes):
            raise ValueError(f"Asked to get the {what} at node {node_index!r}, but layer "
                             f"{self.name} has only {len(nodes)} inbound node(s) "
                             f"(valid indices: 0..{len(nodes) - 1}).")
        return nodes[node_index]

    @staticmethod
    def _node_inputs(node):
        # An Input layer's node has no inputs: its input *is* its output.
        tensors = node.output_tensors if node.is_input else node.input_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    @staticmethod
    def _node_outputs(node):
        tensors = node.output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    def get_input_at(self, node_index):
        return self._node_inputs(self._node(node_index, "input"))

    def get_output_at(self, node_index):
        return self._node_outputs(self._node(node_index, "output"))

    def get_input_shape_at(self, node_index):
        return _shapes(self.get_input_at(node_index))

    def get_output_shape_at(self, node_index):
        return _shapes(self.get_output_at(node_index))

    def _only_node(self, what, getter):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no {what} to return.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"Layer {self.name} has multiple inbound nodes, hence the notion of "
                f'"layer {what}" is ill-defined. Use `{getter}(node_index)` instead.')
        return self._inbound_nodes[0]

    @property
    def input(self):
        return self._node_inputs(self._only_node("input", "get_input_at"))

    @property
    def output(self):
        return self._node_outputs(self._only_node("output", "get_output_at"))

    def _agreed_shape(self, what, getter):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer {self.name} has never been called and thus has "
                                 f"no defined {what}.")
        shapes = {repr(getattr(self, getter)(i)) for i in range(len(self._inbound_nodes))}
        if len(shapes) > 1:
            raise AttributeError(
                f'The layer "{self.name}" has multiple inbound nodes, with different '
                f'{what}s. Hence the notion of "{what}" is ill-defined for the layer. '
                f"Use `{getter}(node_index)` instead.")
        return getattr(self, getter)(0)

    @property
    def input_shape(self):
        return self._agreed_shape("input shape", "get_input_shape_at")

    @property
    def output_shape(self):
        return self._agreed_shape("output shape", "get_output_shape_at")


def _shapes(tensors):
    if isinstance(tensors, list):
        return [t.shape for t in tensors]
    return tensors.shape
