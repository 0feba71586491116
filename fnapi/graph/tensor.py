"""Symbolic tensors: the edges of a functional graph.

`Input(shape=(784,))` does not hold data. It returns a `SymbolicTensor`: a promise of a
batch of values with a known shape and dtype. Calling a layer on symbolic tensors
returns new symbolic tensors and remembers who made them (`history`), and that
memory is the whole graph: a `Model` later walks it backwards from its outputs.
"""
import tensorflow as tf


class SymbolicTensor:
    """A placeholder for a batch of values: shape (batch first, `None`), dtype, and history.

    `history` is the triple `(layer, node_index, tensor_index)`: this tensor is output
    number `tensor_index` of the `node_index`-th call of `layer`.
    """

    def __init__(self, shape, dtype="float32", name=None, history=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = tf.as_dtype(dtype)
        self.name = name
        self.history = history

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def node(self):
        """The Node that produced this tensor."""
        layer, node_index, _ = self.history
        return layer._inbound_nodes[node_index]

    def __repr__(self):
        return (f"<SymbolicTensor name={self.name!r} shape={self.shape} "
                f"dtype={self.dtype.name}>")

    def __bool__(self):
        raise TypeError(
            f"A symbolic tensor ({self.name}) has no value yet, so it is neither true nor "
            "false. Build a Model from it and call the model on real data.")

    def __array__(self, *args, **kwargs):
        raise TypeError(
            f"A symbolic tensor ({self.name}) has no value yet and cannot become a NumPy "
            "array or go into a TensorFlow op. To compute with it in a graph, call a layer "
            "on it (fnapi.layers.add, concatenate, Activation, or a layer of your own: fnapi "
            "does not wrap TensorFlow ops as layers, as Keras 2's TFOpLambda does); to get "
            "numbers, build a Model from it and call `model.predict(data)`.")

    def _no_operators(self, *_):
        raise TypeError(
            f"fnapi's symbolic tensors ({self.name}) take no operators (+, -, *, /, [...]): "
            "in a graph every computation is a layer. Use fnapi.layers.add([a, b]) for a + b, "
            "concatenate([...]), or a layer of your own whose `call` does the arithmetic "
            "(Keras 2 would wrap the operator as a hidden TFOpLambda layer; fnapi does not).")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _no_operators
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __pow__ = _no_operators
    __neg__ = __getitem__ = _no_operators


def is_symbolic(x):
    return isinstance(x, SymbolicTensor)
