"""The Layer: configuration in `__init__`, weights in `build`, math in `call`.

Calling a layer does one of two things:
- on symbolic tensors (from `Input`), it computes only the *shape* of the result with
  `compute_output_shape` and records a `Node`: this is how a functional graph is drawn;
- on real data (NumPy arrays, `tf.Tensor`s), it runs `call` and returns numbers.
Either way the first call creates the weights (`build`), from the input shape.
"""
import inspect

import numpy as np
import tensorflow as tf

from fnapi import initializers
from fnapi.graph import Node, SymbolicTensor, flatten, is_symbolic, pack_like
from fnapi.graph.names import snake_case, unique_name
from fnapi.layers.nodes import NodeAccess


class Layer(NodeAccess):
    def __init__(self, name=None, trainable=True, input_shape=None, dtype=None):
        self.name = name or unique_name(snake_case(type(self).__name__))
        self.trainable = trainable
        self.built = False
        self._own_trainable, self._own_frozen = [], []
        self._inbound_nodes, self._outbound_nodes = [], []
        # Sequential reads this to create the model's Input (`input_shape=` of a first layer).
        self._batch_input_shape = None if input_shape is None else (None, *input_shape)
        self._dtype = dtype
        # What `build` fixed about the inputs, checked on every later call: {axis: size}.
        self._expected_ndim, self._expected_axes = None, {}

    # --- to be written by each layer --------------------------------------------------
    def build(self, input_shape):
        """Create the weights, now that the input shape is known."""

    def compute_output_shape(self, input_shape):
        """The shape rule: output shape from input shape, without computing anything."""
        return input_shape

    def compute_output_dtype(self, input_dtype):
        return tf.float32

    def call(self, inputs):
        raise NotImplementedError

    # --- calling ----------------------------------------------------------------------
    def __call__(self, inputs, training=None, **kwargs):
        flat = flatten(inputs)
        symbolic = [is_symbolic(x) for x in flat]
        if all(symbolic):
            return self._call_symbolic(inputs, flat, kwargs)
        if any(symbolic):
            raise TypeError(f"Layer {self.name} got a mix of symbolic tensors (from Input) "
                            "and real data. Pass either only symbolic tensors (to draw a "
                            "graph) or only real data (to compute).")
        tensors = [_to_tensor(x) for x in flat]
        self._build_once(pack_like(inputs, [tuple(t.shape) for t in tensors]))
        if "training" in inspect.signature(self.call).parameters:
            kwargs["training"] = bool(training)
        return self.call(pack_like(inputs, tensors), **kwargs)

    def _call_symbolic(self, inputs, flat, kwargs):
        input_shape = pack_like(inputs, [x.shape for x in flat])
        self._build_once(input_shape)
        shapes = self.compute_output_shape(input_shape)
        dtypes = self.compute_output_dtype(pack_like(inputs, [x.dtype for x in flat]))
        many = isinstance(shapes, (list, dict))
        outputs = [SymbolicTensor(s, d) for s, d in
                   zip(flatten(shapes) if many else [shapes], flatten(dtypes) if many else [dtypes])]
        node = Node(self, inputs, flat, outputs, kwargs)
        for i, tensor in enumerate(outputs):
            tensor.history = (self, node.index, i)
            tensor.name = f"{self.name}/{node.index}/{i}" if many else f"{self.name}/{node.index}"
        return pack_like(shapes, outputs) if many else outputs[0]

    def _build_once(self, input_shape):
        if self.built:
            self._check_input_shape(input_shape)
            return
        self.build(input_shape)
        try:
            self._check_input_shape(input_shape)
        except ValueError:
            # A first call on an input of the wrong rank must not tie the layer to it.
            self._own_trainable, self._own_frozen = [], []
            self._expected_ndim, self._expected_axes = None, {}
            raise
        self.built = True

    def expect_input(self, ndim=None, axes=None):
        """Called by `build`: later inputs must have this rank and these {axis: size}."""
        self._expected_ndim, self._expected_axes = ndim, dict(axes or {})

    def _check_input_shape(self, shape):
        ndim, axes = self._expected_ndim, self._expected_axes
        wrong_rank = ndim is not None and len(shape) != ndim
        wrong_axes = not wrong_rank and any(shape[a] not in (None, n) for a, n in axes.items())
        if wrong_rank or wrong_axes:
            wanted = ([f"rank {ndim}"] if ndim else []) + [
                f"size {n} on axis {a}" for a, n in axes.items()]
            raise ValueError(f"Layer {self.name} expects inputs with {' and '.join(wanted)} "
                             f"(fixed when it was built), but got an input of shape "
                             f"{tuple(shape)}.")

    # --- weights ----------------------------------------------------------------------
    def add_weight(self, name, shape, initializer="glorot_uniform", trainable=True,
                   dtype="float32"):
        value = initializers.get(initializer)(tuple(shape), dtype)
        variable = tf.Variable(value, trainable=trainable, name=f"{self.name}/{name}")
        (self._own_trainable if trainable else self._own_frozen).append(variable)
        return variable

    def _sublayers(self):
        """Layers whose weights this layer uses (a wrapper's inner layer, a model's layers)."""
        return []

    def _weight_lists(self):
        trainable, frozen = list(self._own_trainable), list(self._own_frozen)
        for layer in self._sublayers():
            trainable += layer.trainable_weights
            frozen += layer.non_trainable_weights
        if not self.trainable:
            trainable, frozen = [], trainable + frozen
        return _unique(trainable), _unique(frozen)

    @property
    def trainable_weights(self):
        return self._weight_lists()[0]

    @property
    def non_trainable_weights(self):
        return self._weight_lists()[1]

    @property
    def weights(self):
        trainable, frozen = self._weight_lists()
        return trainable + frozen

    def get_weights(self):
        return [w.numpy() for w in self.weights]

    def set_weights(self, values):
        """Replace all weights at once; on any mismatch nothing is changed."""
        weights = self.weights
        if len(values) != len(weights):
            raise ValueError(f"Layer {self.name} expects {len(weights)} weight arrays "
                             f"({', '.join(w.name for w in weights) or 'none'}), got "
                             f"{len(values)}.")
        values = [np.asarray(v) for v in values]
        for weight, value in zip(weights, values):
            if tuple(value.shape) != tuple(weight.shape):
                raise ValueError(f"Weight {weight.name} of layer {self.name} has shape "
                                 f"{tuple(weight.shape)}, but the array given has shape "
                                 f"{value.shape}. No weight was changed.")
        for weight, value in zip(weights, values):
            weight.assign(value.astype(weight.dtype.as_numpy_dtype))

    def count_params(self):
        if not self.built:
            raise ValueError(f"Layer {self.name} is not built yet, so it has no weights to "
                             "count. Call it on an input first.")
        return int(sum(np.prod(w.shape) for w in self.weights))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _to_tensor(x):
    tensor = tf.convert_to_tensor(x)
    return tf.cast(tensor, tf.float32) if tensor.dtype == tf.float64 else tensor


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result
