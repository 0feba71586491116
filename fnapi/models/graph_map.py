"""Walking a graph backwards: from a model's outputs to its inputs.

`map_graph` is what `Model(inputs, outputs)` does first. It follows each output tensor's
history to the node that made it, then that node's input tensors, and so on until it
reaches the model's inputs. The result is the list of nodes in an order where every node
comes after the nodes it depends on (a topological order), and the list of layers in
Keras's order (by depth, inputs first).
"""


def map_graph(inputs, outputs):
    """-> (nodes to run in order, layers in Keras's order). Raises on a disconnected graph."""
    input_ids = {id(t) for t in inputs}
    ordered_nodes, finished, first_seen = [], set(), {}

    def visit(tensor, consumer):
        node = tensor.node
        if node in finished:
            return
        is_model_input = id(tensor) in input_ids
        if node.is_input and not is_model_input:
            needed_by = f'layer "{consumer.layer.name}"' if consumer else "the model's outputs"
            raise ValueError(
                f'Graph disconnected: cannot obtain value for tensor "{tensor.name}" (the '
                f'output of Input layer "{node.layer.name}"), which {needed_by} needs. Add it '
                "to the model's inputs: Model(inputs=[...], outputs=...).")
        if is_model_input and not node.is_input:  # an inner tensor used as a model input
            finished.add(node)
            return
        first_seen.setdefault(node.layer, len(first_seen))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor, node)
        finished.add(node)
        ordered_nodes.append(node)

    for tensor in outputs:
        visit(tensor, None)
    return [n for n in ordered_nodes if not n.is_input], _layers_by_depth(
        ordered_nodes, first_seen, inputs)


def _layers_by_depth(ordered_nodes, first_seen, inputs):
    """Keras's layer order: deepest (farthest from the outputs) first, ties by first visit."""
    in_graph = set(ordered_nodes)
    node_depth, layer_depth = {}, {}
    for node in reversed(ordered_nodes):
        depth = max(node_depth.setdefault(node, 0), layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = node_depth[node] = depth
        for parent in node.parent_nodes:
            if parent in in_graph:
                node_depth[parent] = max(node_depth.get(parent, 0), depth + 1)
    for tensor in inputs:  # an Input that no output needs still belongs to the model
        if tensor.node.is_input and tensor.node.layer not in layer_depth:
            layer_depth[tensor.node.layer] = 0
            first_seen[tensor.node.layer] = -1
    return sorted(layer_depth, key=lambda layer: (-layer_depth[layer], first_seen[layer]))
