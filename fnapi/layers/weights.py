"""A layer's weights: the `tf.Variable`s that `build` creates, and the ways to read them.

A layer owns the variables it made with `add_weight` or keeps in its attributes (as Keras 2
tracks them), and uses those of its sublayers, the layers kept anywhere in its attributes
(a wrapper's inner layer, a model's layers). `weights` follows Keras 2's order, so that
`get_weights` and `set_weights` line up with Keras's whatever is frozen: a model lists
them layer by layer, any other layer its trainable weights first. Each variable appears
once even when a layer is shared.
"""
import numpy as np
import tensorflow as tf

from fnapi import initializers, keras_defaults

#: add_weight's Keras arguments that fnapi does not implement, at their defaults.
ADD_WEIGHT_DEFAULTS = {"regularizer": None, "constraint": None, "autocast": True}
_OWN_LISTS = frozenset({"_own_trainable", "_own_frozen"})  # the bookkeeping itself


class WeightsMixin:
    """Mixed into `Layer`: `add_weight`, `weights`, `get_weights`/`set_weights`."""
    #: Attributes holding variables that are state, not weights (a Dropout's seed).
    _state_attributes = frozenset()

    def __setattr__(self, name, value):
        """As in Keras 2, a `tf.Variable` set as an attribute (`self.w = tf.Variable(...)`,
        also inside a list or dict) is one of the layer's weights, trainable or not as the
        variable says, in the order made; one that an attribute stops holding is not.
        Raises RuntimeError before `super().__init__()`."""
        if name in _OWN_LISTS or name in self._state_attributes:
            return super().__setattr__(name, value)
        variables = _variables_in(value)
        if variables:
            self._check_initialized()
        if "_own_frozen" in vars(self):
            replaced = _variables_in(vars(self).get(name))
            if replaced:
                kept = {id(v) for v in self._attribute_variables(but=name) + variables}
                dropped = {id(v) for v in replaced} - kept
                self._own_trainable = [v for v in self._own_trainable if id(v) not in dropped]
                self._own_frozen = [v for v in self._own_frozen if id(v) not in dropped]
            self._track(variables)
        super().__setattr__(name, value)

    def _track(self, variables):
        known = {id(v) for v in self._own_trainable + self._own_frozen}
        for variable in variables:
            if id(variable) not in known:
                known.add(id(variable))
                (self._own_trainable if variable.trainable else self._own_frozen).append(variable)

    def _own_weights(self):
        """(trainable, frozen) variables of this layer itself: made by `add_weight` or set
        as attributes, also those put in a list or dict attribute after it was set
        (`self.scales.append(tf.Variable(...))` in `build`), found here."""
        self._track(self._attribute_variables())
        return self._own_trainable, self._own_frozen

    def _attribute_variables(self, but=None):
        """The variables the attributes hold (other than `but`; not state, not bookkeeping)."""
        return [v for name, value in vars(self).items() if name != but and name not in
                _OWN_LISTS and name not in self._state_attributes for v in _variables_in(value)]

    def add_loss(self, loss):
        """Not implemented: raises NotImplementedError, naming what to do instead."""
        raise NotImplementedError(
            f"Layer {self.name}: fnapi does not implement `add_loss` (losses added by layers, "
            "such as activity regularization). Add the term to the model's loss instead: "
            "compile with a loss function of your own, or a second output with its loss.")

    def _check_initialized(self):
        if "_own_trainable" not in vars(self):
            raise RuntimeError("You must call `super().__init__()` in the layer constructor "
                               f"(of your class {type(self).__name__}, before anything else "
                               "it sets up).")

    def add_weight(self, name=None, shape=None, initializer=None, trainable=True, dtype=None,
                   **keras_only):
        """A new variable of `shape`, filled by `initializer` (default: glorot_uniform for
        floats, zeros otherwise, as in Keras). Give arguments by keyword, as Keras's guides
        do: the two Kerases order them differently. Keras's `regularizer` and `constraint`
        are accepted at their default, None.

        Raises ValueError if a size in `shape` is unknown (None) or a `regularizer` or
        `constraint` is given, TypeError if `name` is no string or `shape` no tuple of sizes."""
        self._check_initialized()
        keras_defaults.check(f"{self.name}.add_weight", keras_only, ADD_WEIGHT_DEFAULTS)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Layer {self.name}: add_weight's `name` must be a string, got "
                            f"{name!r}. Pass the shape by keyword: add_weight(shape=...).")
        if not isinstance(shape or (), (tuple, list)):
            raise TypeError(f"Layer {self.name}: add_weight's `shape` must be a tuple of sizes, "
                            f"got {shape!r}.")
        dtype = tf.as_dtype(dtype or "float32")
        shape = tuple(shape or ())
        path = f"{self.name}/{name or 'variable'}"
        if any(d is None for d in shape):
            raise ValueError("Shapes used to initialize variables must be fully-defined (no "
                             f"`None` dimensions). Received: shape={shape} for variable "
                             f"path='{path}'")
        initializer = initializer or ("glorot_uniform" if dtype.is_floating else "zeros")
        with tf.init_scope():  # made eagerly, even from inside a traced `call`
            variable = tf.Variable(initializers.get(initializer)(shape, dtype),
                                   trainable=trainable, name=path)
        (self._own_trainable if trainable else self._own_frozen).append(variable)
        return variable

    def _tracked(self, sort_dicts=False):
        """[(attribute, layer or list)]: the layers this layer keeps in its own attributes,
        in the order they were set: `self.dense = Dense(4)`, or anywhere inside a list, tuple
        or dict (`self.blocks = [[Dense(4), Dense(4)], [Dense(2)]]`, `(Dense(4), "relu")`),
        given as nested lists of the layers and sub-containers in order (other items left
        out). As in Keras, their weights become this layer's weights: nothing to declare."""
        found = []
        for attribute, value in vars(self).items():
            if isinstance(value, WeightsMixin):
                found.append((attribute, value))
            elif isinstance(value, (list, tuple, dict)):
                tree = _layer_tree(value, sort_dicts)
                if _flat_layers(tree):
                    found.append((attribute, tree))
        return found

    def _sublayers(self):
        """Layers whose weights this layer uses (a wrapper's inner layer, a model's layers),
        in Keras 2's order: a dict's by sorted key (its files keep the dict's own order)."""
        return [layer for _, value in self._tracked(sort_dicts=True)
                for layer in _flat_layers(value)]

    def _saved_children(self):
        """(attribute, layer or list of layers) whose weights are saved under this layer's
        path, by attribute name as in Keras 3's files: a wrapper's `layer`, a model's
        `layers`."""
        return sorted(self._tracked(), key=lambda item: item[0])

    def _variable_groups(self):
        """[(subpath, variables)] this layer saves itself: its own weights at `vars/...`;
        an LSTM keeps Keras 3's `cell/vars/...` (see fnapi.layers.saved_tree)."""
        trainable, frozen = self._own_weights()
        return [("", trainable + frozen)]

    def _state_groups(self):
        """[(subpath, variables)] of state that is no weight but lets training resume
        exactly (a Dropout's random stream); optional when a file is read."""
        return []

    def _assert_weights_created(self):
        """Raise if the weights cannot be listed yet (a Sequential not built: Keras's check)."""

    def _weight_lists(self):
        """(trainable, frozen); a frozen layer's weights are all frozen, in layer order."""
        self._assert_weights_created()
        if not self.trainable:
            return [], _unique(self._in_layer_order())
        trainable, frozen = (list(own) for own in self._own_weights())
        for layer in self._sublayers():
            trainable += layer.trainable_weights
            frozen += layer.non_trainable_weights
        return _unique(trainable), _unique(frozen)

    def _in_layer_order(self):
        """Its own weights, then each sublayer's `weights` (Keras 2's order when frozen)."""
        trainable, frozen = self._own_weights()
        return trainable + frozen + [w for layer in self._sublayers() for w in layer.weights]

    @property
    def trainable_weights(self):
        return self._weight_lists()[0]

    @property
    def non_trainable_weights(self):
        return self._weight_lists()[1]

    # Keras 2's two orders: a model lists its weights layer by layer (each layer's own
    # way); any other layer, a wrapper too, lists its trainable weights first.
    lists_weights_by_layer = False

    @property
    def weights(self):
        if not self.lists_weights_by_layer:
            trainable, frozen = self._weight_lists()
            return trainable + frozen
        self._assert_weights_created()
        trainable, frozen = self._own_weights()
        found = trainable + frozen
        for layer in self._sublayers():
            found += layer.weights
        return _unique(found)

    # TensorFlow's and Keras's other names for the same lists (a `tf.Module` says variables).
    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

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
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but "
                             "the layer isn't built. You can build it manually via: "
                             "`layer.build(input_shape)`, or call it on an input first.")
        return int(sum(np.prod(w.shape) for w in self.weights))


def _layer_tree(container, sort_dicts=False):
    """The layers in a (nested) list, tuple or dict, and its sub-containers (as lists, even
    empty ones: Keras 3's files count them, `container`, `container_1`, ...), in order."""
    items = _values(container, sort_dicts) if isinstance(container, dict) else container
    return [item if isinstance(item, WeightsMixin) else _layer_tree(item, sort_dicts)
            for item in items if isinstance(item, (WeightsMixin, list, tuple, dict))]


def _values(mapping, by_sorted_key):
    """A dict's values, by sorted key as Keras 2 (tf.nest) orders them, if the keys sort."""
    if by_sorted_key:
        try:
            return [mapping[key] for key in sorted(mapping)]
        except TypeError:  # keys of mixed types: their own order
            pass
    return list(mapping.values())


def _variables_in(value):
    """The `tf.Variable`s in a value: itself, or inside (nested) lists, tuples, dicts (by
    sorted key, Keras 2's order)."""
    if isinstance(value, tf.Variable):
        return [value]
    if isinstance(value, dict):
        value = _values(value, True)
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _variables_in(item)]
    return []


def _flat_layers(tree):
    if not isinstance(tree, list):
        return [tree]
    return [layer for item in tree for layer in _flat_layers(item)]


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result
