"""The Layer: configuration in `__init__`, weights in `build`, math in `call`.

Calling a layer does one of two things:
- on symbolic tensors (from `Input`), it works out only what the result will look like
  (`compute_output_spec`: shapes and dtypes) and records a `Node` that keeps the call's
  arguments as given: this is how a functional graph is drawn;
- on real data (NumPy arrays, `tf.Tensor`s), it runs `call` and returns numbers.
Either way the first call creates the weights (`build`), from the input shape.
"""
import functools
import inspect

import numpy as np
import tensorflow as tf

from fnapi.graph import Node, SymbolicTensor, flatten, is_symbolic, map_structure
from fnapi.graph.names import snake_case, unique_name
from fnapi import argument_validation as arguments
from fnapi.layers import call_context, output_spec
from fnapi.layers.config import LayerConfig
from fnapi.layers.nodes import NodeAccess
from fnapi.layers.weights import WeightsMixin


class Layer(WeightsMixin, NodeAccess, LayerConfig):
    def __init__(self, name=None, trainable=True, dtype=None, input_shape=None, input_dim=None,
                 batch_input_shape=None, batch_size=None, **keras_only):
        self._check_keras_only(keras_only)
        if name is not None and (not isinstance(name, str) or not name):
            raise ValueError(f"A layer's `name` must be a non-empty string. Received: "
                             f"name={name!r}")
        if isinstance(dtype, dict):  # a Keras 3 DTypePolicy config
            dtype = (dtype.get("config") or {}).get("name")
        if dtype is not None and arguments.dtype(dtype, type(self).__name__) != tf.float32:
            raise ValueError(f"{type(self).__name__}: fnapi's layers compute in float32; "
                             f"dtype={dtype!r} is not supported.")
        self.name = name or unique_name(snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.built = False
        self.input_spec = None  # an InputSpec: what every call's input must look like
        self._own_trainable, self._own_frozen = [], []
        self._inbound_nodes, self._outbound_nodes = [], []
        # Keras 2's ways to give a first layer its input shape, read by Sequential.
        if input_dim is not None:
            input_shape = (arguments.positive_int(input_dim, "input_dim"),)
        if batch_input_shape is not None:
            batch_size, *input_shape = arguments.shape_tuple(
                batch_input_shape, "batch_input_shape", with_batch=True)
        self._batch_input_shape = None if input_shape is None else (
            None if batch_size is None else arguments.positive_int(batch_size, "batch_size"),
            *arguments.shape_tuple(input_shape, "input_shape"))

    def __init_subclass__(cls, **kwargs):
        """As in Keras, `build` marks the layer built, also when called by hand (a wrapper
        building its inner layer), so that no layer is ever built twice."""
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])

    @property
    def trainable(self):
        """Whether `fit` updates this layer's weights. Setting it sets every layer inside
        too (a model's layers, a wrapper's layer), as in Keras; `compile` again to apply."""
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._sublayers():
            layer.trainable = value

    # --- to be written by each layer --------------------------------------------------
    def build(self, input_shape):
        """Create the weights, now that the input shape is known."""

    def compute_output_shape(self, input_shape):
        """The shape rule: output shape from input shape, without computing anything.

        A layer that does not write one gets it from its `call`, run on placeholders."""
        specs = output_spec.specs_from_rule(input_shape, tf.float32)
        return output_spec.shapes_of(self.compute_output_spec(specs))

    def compute_output_dtype(self, input_dtype):
        return tf.float32

    def call(self, inputs):
        raise NotImplementedError(f"Layer {type(self).__name__} has no `call` method.")

    # --- calling ----------------------------------------------------------------------
    # Never rewritten by AutoGraph, even when called from a learner's converted `call`:
    # only that `call` itself is converted (`_converted`), not fnapi's machinery.
    @tf.autograph.experimental.do_not_convert
    def __call__(self, *args, **kwargs):
        self._check_initialized()
        args, kwargs = self._inputs_first(args, kwargs)
        if "training" in kwargs and kwargs["training"] is None:
            del kwargs["training"]  # training=None means "not said": the context decides
        if any(is_symbolic(x) for x in flatten((args, kwargs))):
            return self._call_symbolic(args, kwargs)
        args, kwargs = map_structure(_to_tensor, (args, kwargs))
        self._check_inputs(args[0], tf.is_tensor, "Call a layer on symbolic tensors (from "
                           "fnapi.Input or another layer) or on data (arrays, tf.Tensors).")
        self._maybe_build(args, kwargs)
        return self._call_in_context(args, kwargs)

    def _inputs_first(self, args, kwargs):
        """`layer(inputs=x)` is `layer(x)`; nested lists of numbers are one array of data."""
        first = _first_parameter(type(self).call)
        if not args and first in kwargs:
            args, kwargs = (kwargs[first],), {k: v for k, v in kwargs.items() if k != first}
        if not args:
            raise TypeError(f"Layer {self.name} was called without inputs.")
        return (_lists_of_numbers_as_array(args[0]), *args[1:]), dict(kwargs)

    def _call_symbolic(self, args, kwargs):
        self._check_inputs(args[0], is_symbolic, "The inputs are a mix of symbolic tensors and "
                           "other values: in a graph all must be symbolic tensors (constants "
                           "go in other arguments of the call).")
        self._maybe_build(args, kwargs)
        spec = self.compute_output_spec(*args, **kwargs)
        outputs = map_structure(lambda s: SymbolicTensor(s.shape, s.dtype), spec)
        node = Node(self, *_constants_by_keyword(type(self).call, args, kwargs), outputs)
        for i, tensor in enumerate(node.output_tensors):
            tensor.history = (self, node.index, i)
            several = len(node.output_tensors) > 1
            tensor.name = f"{self.name}/{node.index}" + (f"/{i}" if several else "")
        return outputs

    def _check_inputs(self, inputs, is_allowed, expected):
        bad = [x for x in flatten(inputs) if not is_allowed(x)]
        if bad:
            raise TypeError(f"Inputs to a layer should be tensors. Got {bad[0]!r} (of type "
                            f"{type(bad[0])}) as input for layer '{self.name}'. {expected}")

    def _call_in_context(self, args, kwargs):
        """Run `call`, with `training` decided by `call_context.training_for`."""
        args, kwargs, training = call_context.training_for(type(self).call, args, kwargs)
        with call_context.training_mode(training):
            call = self.call
            if getattr(call, "__self__", None) is self:  # a method, not a patched attribute
                return _converted(call.__func__)(self, *args, **kwargs)
            return call(*args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        """Symbolic tensors for what `self(*args, **kwargs)` returns on symbolic inputs.

        A layer with a shape rule, one tensor argument and its sublayers built answers with
        its rule; any other call is traced (`output_spec.trace_output_spec`), which also
        builds the sublayers its `call` uses (their weights are made eagerly)."""
        has_rule = type(self).compute_output_shape is not Layer.compute_output_shape
        # A sublayer not built yet is built by its first call: trace `call` to make it.
        ready = all(layer.built for layer in self._sublayers())
        if has_rule and ready and not any(is_symbolic(x) for x in flatten((args[1:], kwargs))):
            inputs = args[0]
            return output_spec.specs_from_rule(
                self.compute_output_shape(output_spec.shapes_of(inputs)),
                self.compute_output_dtype(output_spec.dtypes_of(inputs)))
        return output_spec.trace_output_spec(
            self, lambda *a, **k: self._call_in_context(a, k), args, kwargs)

    # --- building ---------------------------------------------------------------------
    def _maybe_build(self, args, kwargs):
        """Build from the call's tensors: `build(input_shape)`, or, for a `call` with several
        tensor arguments and a `build(a_shape, b_shape)`, each by name (Keras 3's rule)."""
        named = {}
        if not self.built:
            given = {k: v for k, v in kwargs.items() if k != "training"}
            position, required = call_context.training_parameter(type(self).call)
            if required and (position is None or position >= len(args)):
                given["training"] = None  # filled in when the layer runs (_call_in_context)
            try:
                bound = inspect.signature(self.call).bind(*args, **given).arguments
            except TypeError as error:
                raise TypeError(f"Layer {self.name} cannot be called with these arguments: "
                                f"{error}. Its call is `call{inspect.signature(self.call)}`.") \
                    from None
            tensors = {n: v for n, v in bound.items() if flatten(v) and all(
                is_symbolic(x) or tf.is_tensor(x) for x in flatten(v))}
            wanted = set(inspect.signature(self.build).parameters)
            if len(tensors) > 1 and all(f"{n}_shape" in wanted for n in tensors):
                named = {f"{n}_shape": output_spec.shapes_of(v) for n, v in tensors.items()}
        self._build_once(output_spec.shapes_of(args[0]), named)

    def _build_once(self, input_shape, named_shapes=None):
        """Build on the first call only; every call is checked against `input_spec`."""
        self._check_input_shape(input_shape)
        if self.built:
            return
        saved = (list(self._own_trainable), list(self._own_frozen), self.input_spec)
        try:
            if named_shapes:
                self.build(**named_shapes)
            else:
                self.build(input_shape)
            self._check_input_shape(input_shape)
        except Exception:
            # A failed first call must not tie the layer to its input, nor leave weights.
            self._own_trainable, self._own_frozen, self.input_spec = saved
            self.built = False
            raise
        self.built = True

    def _check_input_shape(self, shape):
        if self.input_spec is None:
            return
        shapes = output_spec.flat_shapes(shape)
        if len(shapes) > 1:  # a layer of one input given several (a forgotten Concatenate?)
            raise ValueError(f'Layer "{self.name}" expects 1 input(s), but it received '
                             f"{len(shapes)} input tensors. Shapes of the inputs received: "
                             f"{[tuple(s) for s in shapes]}")
        for index, one in enumerate(shapes):
            self.input_spec.check(self.name, one, index)

    def known_size(self, input_shape, axis, what):
        """`input_shape[axis]`, which a weight needs: refused when unknown (None)."""
        size = input_shape[axis]
        if size is None:
            raise ValueError(f"The {what} dimension (axis {axis}) of the inputs to a "
                             f"`{type(self).__name__}` layer ('{self.name}') should be defined, "
                             f"because its weights depend on it. Found None. Full input shape "
                             f"received: {tuple(input_shape)}")
        return size

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _marks_built(build):
    @functools.wraps(build)
    def build_and_mark(self, *args, **kwargs):
        build(self, *args, **kwargs)
        self.built = True
    return build_and_mark


@functools.cache
def _converted(call):
    """A learner's `call` as AutoGraph rewrites it, so that Python `if`/`for` on tensors work
    inside fnapi's compiled loops (as in Keras); fnapi's own layers need no rewriting."""
    if (call.__module__ or "").startswith("fnapi."):
        return call
    try:
        return tf.autograph.to_graph(call)
    except Exception:  # noqa: BLE001 (no source to rewrite, e.g. typed at a prompt: as is)
        return call


@functools.cache
def _first_parameter(call):
    return list(inspect.signature(call).parameters)[1]  # after `self`


def _constants_by_keyword(call, args, kwargs):
    """-> (args, kwargs) for a node: trailing positional arguments that hold no symbolic
    tensor (`Dropout(0.5)(x, True)`) are recorded by keyword, as Keras writes them (Keras 3
    reads only tensors by position)."""
    args, kwargs = list(args), dict(kwargs)
    parameters = list(inspect.signature(call).parameters.values())[1:]
    while len(args) > 1 and len(args) <= len(parameters):
        parameter = parameters[len(args) - 1]
        if (parameter.kind is not parameter.POSITIONAL_OR_KEYWORD or parameter.name in kwargs
                or any(is_symbolic(x) for x in flatten(args[-1]))):
            break
        kwargs[parameter.name] = args.pop()
    return tuple(args), kwargs


def _lists_of_numbers_as_array(x):
    """Keras 2's rule: a (nested) list whose first leaf is a number is one array of data."""
    item = x
    while isinstance(item, (list, tuple)) and item:
        item = item[0]
    if isinstance(x, (list, tuple)) and isinstance(item, (int, float)) and not isinstance(
            item, bool):
        return np.asarray(x)
    return x


def _to_tensor(x):
    """NumPy data becomes a tensor; float64 becomes float32, fnapi's compute dtype."""
    if isinstance(x, (np.ndarray, np.generic)):
        x = tf.convert_to_tensor(x)
    if tf.is_tensor(x) and x.dtype == tf.float64:
        x = tf.cast(x, tf.float32)
    return x
