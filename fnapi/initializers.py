"""Weight initializers with Keras's names, formulas and configs.

An initializer is an object called as `initializer(shape, dtype) -> tf.Tensor`; its
`get_config()` holds Keras 3's keys, so a layer's config names it as Keras does:
`{"class_name": "GlorotUniform", "config": {"seed": None, ...}}`. A name such as
`"glorot_uniform"` stands for the class with its defaults. Unseeded initializers draw
from TensorFlow's global random stream, so `fnapi.utils.set_random_seed(s)` makes model
creation repeatable; a `seed=` makes one initializer repeat on its own (stateless draws).
Formulas: Glorot & Bengio 2010, He et al. 2015, LeCun et al. 1998, Saxe et al. 2014
(orthogonal), as in keras/src/initializers/random_initializers.py.
"""
import math

import numpy as np
import tensorflow as tf

from fnapi.lookup import by_name

TRUNCATED_STDDEV = 0.87962566103423978  # stddev of a unit normal cut at ±2 (Keras's constant)


def _fans(shape):
    """Keras's fan-in and fan-out: a conv kernel counts its receptive field."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class Initializer:
    """A recipe for a weight's first values. Subclasses define `__call__` and their config."""

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"{type(self).__name__}({self.get_config()})"


class _Random(Initializer):
    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError(f"{type(self).__name__}: `seed` must be an integer or None, got "
                             f"{seed!r}.")
        self.seed = seed

    def _draw(self, kind, shape, dtype, **parameters):
        """tf.random.<kind>, or its stateless twin when a seed is given."""
        if self.seed is None:
            return getattr(tf.random, kind)(shape, dtype=dtype, **parameters)
        stateless = getattr(tf.random, f"stateless_{kind}")
        return stateless(shape, seed=[self.seed, 0], dtype=dtype, **parameters)

    def get_config(self):
        return {"seed": self.seed}


class VarianceScaling(_Random):
    """Values of variance `scale / fan`, fan being fan_in, fan_out or their mean."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        super().__init__(seed)
        if input_axes is not None or output_axes is not None:
            raise ValueError("fnapi's initializers do not support input_axes/output_axes.")
        self.scale, self.mode, self.distribution = float(scale), mode, distribution

    def __call__(self, shape, dtype="float32"):
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * scale)
            return self._draw("uniform", shape, dtype, minval=-limit, maxval=limit)
        stddev = math.sqrt(scale)
        if self.distribution == "truncated_normal":
            return self._draw("truncated_normal", shape, dtype, stddev=stddev / TRUNCATED_STDDEV)
        return self._draw("normal", shape, dtype, stddev=stddev)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": None, "output_axes": None}


def _variance_scaling(name, scale, mode, distribution):
    """A named VarianceScaling whose config holds only the seed, as Keras's does."""
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self):
        return {"seed": self.seed, "input_axes": None, "output_axes": None}
    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config,
                                           "__doc__": f"VarianceScaling({scale}, {mode!r}, "
                                                      f"{distribution!r})."})


GlorotUniform = _variance_scaling("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _variance_scaling("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _variance_scaling("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _variance_scaling("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _variance_scaling("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _variance_scaling("LecunNormal", 1.0, "fan_in", "truncated_normal")


class RandomUniform(_Random):
    """U(minval, maxval); Keras's `'uniform'`, the default for Embedding."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = float(minval), float(maxval)

    def __call__(self, shape, dtype="float32"):
        return self._draw("uniform", shape, dtype, minval=self.minval, maxval=self.maxval)

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class RandomNormal(_Random):
    """N(mean, stddev)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = float(mean), float(stddev)

    def __call__(self, shape, dtype="float32"):
        return self._draw("normal", shape, dtype, mean=self.mean, stddev=self.stddev)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomNormal):
    """N(mean, stddev) with values beyond two standard deviations drawn again."""

    def __call__(self, shape, dtype="float32"):
        return self._draw("truncated_normal", shape, dtype, mean=self.mean, stddev=self.stddev)


class Orthogonal(_Random):
    """A (semi-)orthogonal matrix times `gain`, Keras's default for an LSTM's recurrent
    kernel (Saxe et al. 2014): the QR decomposition of a normal draw."""

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = float(gain)

    def __call__(self, shape, dtype="float32"):
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        a = self._draw("normal", (max(rows, cols), min(rows, cols)), dtype)
        q, r = tf.linalg.qr(a)
        q *= tf.sign(tf.linalg.diag_part(r))
        if rows < cols:
            q = tf.transpose(q)
        return self.gain * tf.reshape(q, shape)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}


class Constant(Initializer):
    """`value`: a number, or an array broadcast to the weight's shape (as in Keras)."""

    def __init__(self, value=0.0):
        if isinstance(value, dict) and value.get("class_name") in ("__numpy__", "__tensor__"):
            value = value.get("config", {}).get("value")  # an array as Keras's configs write it
        value = np.asarray(value, dtype=np.float64)
        self.value = float(value) if value.ndim == 0 else value

    def __call__(self, shape, dtype="float32"):
        return tf.broadcast_to(tf.cast(self.value, dtype), shape)

    def get_config(self):
        return {"value": self.value if isinstance(self.value, float) else self.value.tolist()}


class Zeros(Initializer):
    def __call__(self, shape, dtype="float32"):
        return tf.zeros(shape, dtype)


class Ones(Initializer):
    def __call__(self, shape, dtype="float32"):
        return tf.ones(shape, dtype)


CLASSES = {cls.__name__: cls for cls in (
    GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal,
    VarianceScaling, RandomUniform, RandomNormal, TruncatedNormal, Orthogonal, Constant,
    Zeros, Ones)}
_BY_NAME = {
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform, "he_normal": HeNormal,
    "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal,
    "uniform": RandomUniform, "random_uniform": RandomUniform,
    "normal": RandomNormal, "random_normal": RandomNormal,
    "truncated_normal": TruncatedNormal, "orthogonal": Orthogonal,
    "zeros": Zeros, "ones": Ones, "constant": Constant,
}


def get(identifier):
    """An initializer for `identifier`: a name (`'glorot_uniform'`), an Initializer, a
    callable `(shape, dtype) -> tensor`, or a Keras config dict naming one of the classes
    above. Raises ValueError naming the valid choices otherwise."""
    if isinstance(identifier, dict) and identifier.get("class_name") in CLASSES:
        return CLASSES[identifier["class_name"]].from_config(identifier.get("config") or {})
    if isinstance(identifier, str) and identifier in CLASSES:
        return CLASSES[identifier]()
    found = by_name(identifier, _BY_NAME, "initializer", "or a callable (shape, dtype) -> tensor")
    return found() if isinstance(found, type) else found


def check(identifier):
    """`identifier` itself, once known to name an initializer (raises ValueError if not)."""
    get(identifier)
    return identifier


def serialize(identifier):
    """The Keras 3 config of an initializer given by name or object (for get_config)."""
    initializer = get(identifier)
    if not isinstance(initializer, Initializer):
        raise ValueError(f"The initializer {identifier!r} is a plain function, which cannot be "
                         "saved in a config; use a name or an fnapi.initializers class.")
    return {"module": "keras.initializers", "class_name": type(initializer).__name__,
            "config": initializer.get_config(), "registered_name": None}
