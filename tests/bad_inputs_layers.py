"""Bad inputs, floor 1: layer constructors, `Input`, and layers called in a graph.

Rows: Case(id, setup, call, about, fnapi's message, Keras 3, Keras 2); see bad_inputs.py.
"""
import numpy as np

from bad_inputs import ACCEPTS, CLEAR, UNCLEAR, Case, nothing, tensors

CASES = [
    # --- constructors ---------------------------------------------------------------
    Case("Dense(units=0)", nothing, lambda s: s.L.Dense(0), "units",
         r"invalid value for `units`, expected a positive integer. Received: units=0",
         CLEAR, ACCEPTS),
    Case("Dense(units=2.5)", nothing, lambda s: s.L.Dense(2.5), "units",
         r"`units`, expected a positive integer. Received: units=2.5", CLEAR, ACCEPTS),
    Case("Dense(activation='relux')", nothing, lambda s: s.L.Dense(4, activation="relux"),
         "activation", r"Unknown activation 'relux'. Expected one of .*'relu'", CLEAR, CLEAR),
    Case("Dense(kernel_initializer='glorot')", nothing,
         lambda s: s.L.Dense(4, kernel_initializer="glorot"), "initializer",
         r"Unknown initializer 'glorot'. Expected one of .*'glorot_uniform'", CLEAR, CLEAR),
    # stricter than both Kerases (here and in the next row): no data has 0 features
    Case("Dense(input_dim=0)", nothing, lambda s: s.L.Dense(4, input_dim=0), "input_dim",
         r"`input_dim`, expected a positive integer. Received: input_dim=0", ACCEPTS, ACCEPTS),
    Case("Dense(input_shape=(0,))", nothing, lambda s: s.L.Dense(4, input_shape=(0,)),
         "input_shape", r"`input_shape` must be a tuple of positive integers or None.*"
         r"Received: input_shape=\(0,\)", ACCEPTS, ACCEPTS),
    Case("Dense(batch_input_shape=5)", nothing, lambda s: s.L.Dense(4, batch_input_shape=5),
         "batch_input_shape", r"`batch_input_shape` must be a tuple of positive integers or "
         r"None \(with the batch size first.*Received: batch_input_shape=5", CLEAR, UNCLEAR),
    Case("Dense(dtype='float33')", nothing, lambda s: s.L.Dense(4, dtype="float33"), "dtype",
         r"Invalid dtype: 'float33' for Dense.*Received: dtype='float33'", CLEAR, CLEAR),
    Case("Dense(name=3)", nothing, lambda s: s.L.Dense(4, name=3), "name",
         r"`name` must be a non-empty string. Received: name=3", CLEAR, CLEAR),
    Case("Dense(unitz=3)", nothing, lambda s: s.L.Dense(4, unitz=3), "unitz",
         r"Unrecognized keyword arguments passed to Dense: \{'unitz': 3\}", CLEAR, CLEAR),
    Case("Conv2D(filters=0)", nothing, lambda s: s.L.Conv2D(0, 3), "filters",
         r"`filters`, expected a positive integer. Received: filters=0", CLEAR, CLEAR),
    Case("Conv2D(kernel_size=0)", nothing, lambda s: s.L.Conv2D(8, 0), "kernel_size",
         r"`kernel_size` argument must be a tuple of 2 integers. Received kernel_size=0, "
         r"including values \{0\} that do not satisfy `value > 0`", CLEAR, CLEAR),
    Case("Conv2D(kernel_size=(3, 3, 3))", nothing, lambda s: s.L.Conv2D(8, (3, 3, 3)),
         "kernel_size", r"`kernel_size` argument must be a tuple of 2 integers. Received "
         r"kernel_size=\(3, 3, 3\)", CLEAR, CLEAR),
    Case("Conv2D(strides=0)", nothing, lambda s: s.L.Conv2D(8, 3, strides=0), "strides",
         r"`strides` argument must be a tuple of 2 integers. Received strides=0", CLEAR, CLEAR),
    Case("Conv2D(padding='full')", nothing, lambda s: s.L.Conv2D(8, 3, padding="full"),
         "padding", r"`padding` argument must be one of \['same', 'valid'\]. "
         r"Received: padding='full'", CLEAR, CLEAR),
    Case("MaxPooling2D(pool_size=0)", nothing, lambda s: s.L.MaxPooling2D(0), "pool_size",
         r"`pool_size` argument must be a tuple of 2 integers. Received pool_size=0",
         CLEAR, CLEAR),
    # stricter than both, which accept a zero stride, and `causal` padding in 2-D
    Case("MaxPooling2D(strides=(2, 0))", nothing, lambda s: s.L.MaxPooling2D(2, (2, 0)),
         "strides", r"`strides` argument must be a tuple of 2 integers. Received "
         r"strides=\(2, 0\)", ACCEPTS, ACCEPTS),
    Case("MaxPooling2D(padding='causal')", nothing,
         lambda s: s.L.MaxPooling2D(padding="causal"), "padding",
         r"`padding` argument must be one of .*Received: padding='causal'", ACCEPTS, ACCEPTS),
    Case("Embedding(input_dim=0)", nothing, lambda s: s.L.Embedding(0, 8), "input_dim",
         r"`input_dim`, expected a positive integer. Received: input_dim=0", CLEAR, CLEAR),
    Case("Embedding(output_dim=-1)", nothing, lambda s: s.L.Embedding(10, -1), "output_dim",
         r"`output_dim`, expected a positive integer. Received: output_dim=-1", CLEAR, CLEAR),
    Case("LSTM(units=0)", nothing, lambda s: s.L.LSTM(0), "units",
         r"`units`, expected a positive integer. Received: units=0", CLEAR, CLEAR),
    Case("LSTM(recurrent_activation='hard')", nothing,
         lambda s: s.L.LSTM(4, recurrent_activation="hard"), "activation",
         r"Unknown activation 'hard'. Expected one of .*'sigmoid'", CLEAR, CLEAR),
    Case("Dropout(rate=1.5)", nothing, lambda s: s.L.Dropout(1.5), "rate",
         r"argument `rate`. Expected a float value between 0 and 1. Received: rate=1.5",
         CLEAR, CLEAR),
    Case("Dropout(rate='half')", nothing, lambda s: s.L.Dropout("half"), "rate",
         r"Expected a float value between 0 and 1. Received: rate='half'", UNCLEAR, ACCEPTS),
    # stricter than both
    Case("Concatenate(axis='last')", nothing, lambda s: s.L.Concatenate(axis="last"), "axis",
         r"Expected `axis` to be an integer. Received: axis='last'", ACCEPTS, ACCEPTS),
    Case("TimeDistributed(Dense)", nothing, lambda s: s.L.TimeDistributed(s.L.Dense),
         "TimeDistributed", r"initialize `TimeDistributed` layer with a `fnapi.layers.Layer` "
         r"instance. Received: <class .*Dense'>", CLEAR, CLEAR),
    # --- Input ----------------------------------------------------------------------
    # stricter than both: an axis or a batch of size 0 holds no data
    Case("Input(shape=(0,))", nothing, lambda s: s.K.Input((0,)), "shape",
         r"`shape` must be a tuple of positive integers or None.*Received: shape=\(0,\)",
         ACCEPTS, ACCEPTS),
    Case("Input(shape=(-1, 3))", nothing, lambda s: s.K.Input((-1, 3)), "shape",
         r"`shape` must be a tuple of positive integers or None.*Received: shape=\(-1, 3\)",
         CLEAR, UNCLEAR),
    Case("Input(shape=(2.5,))", nothing, lambda s: s.K.Input((2.5,)), "shape",
         r"`shape` must be a tuple of positive integers or None.*Received: shape=\(2.5,\)",
         CLEAR, UNCLEAR),
    Case("Input()", nothing, lambda s: s.K.Input(), "shape",
         r"exactly one of `shape`.*or `batch_shape`.*got neither", CLEAR, CLEAR),
    # stricter than both
    Case("Input(batch_size=0)", nothing, lambda s: s.K.Input((4,), batch_size=0),
         "batch_size", r"`batch_size`, expected a positive integer. Received: batch_size=0",
         ACCEPTS, ACCEPTS),
    Case("Input(dtype='float33')", nothing, lambda s: s.K.Input((4,), dtype="float33"),
         "dtype", r"Invalid dtype: 'float33' for Input '\w+'.*Received: dtype='float33'",
         CLEAR, CLEAR),
    # stricter than both
    Case("Input(batch_shape=(None, 0))", nothing, lambda s: s.K.Input(batch_shape=(None, 0)),
         "batch_shape", r"`batch_shape` must be a tuple of positive integers or None \(with "
         r"the batch size first.*Received: batch_shape=\(None, 0\)", ACCEPTS, ACCEPTS),
    # --- calling layers in a graph ----------------------------------------------------
    Case("Dense called on a string", tensors, lambda s: s.L.Dense(2, name="head")("hello"),
         "head", r"Inputs to a layer should be tensors. Got 'hello' \(of type <class 'str'>\) "
         r"as input for layer 'head'", UNCLEAR, CLEAR),
    Case("Dense called on None", tensors, lambda s: s.L.Dense(2, name="head")(None),
         "head", r"Got None \(of type <class 'NoneType'>\) as input for layer 'head'",
         CLEAR, CLEAR),
    Case("Dense called on numbers of rank 1", tensors,
         lambda s: s.L.Dense(2, name="head")(np.ones(3, "float32")), "head",
         r'Input 0 of layer "head" is incompatible with the layer: expected min_ndim=2, '
         r"found ndim=1. Full shape received: \(3,\)", CLEAR, CLEAR),
    Case("Dense built for 4 called on 5", tensors, lambda s: s.dense(s.K.Input((5,))),
         "dense_for_4", r'layer "dense_for_4" is incompatible with the layer: expected axis '
         r"-1 of input shape to have value 4, but received input with shape \(None, 5\)",
         CLEAR, CLEAR),
    Case("Dense on an unknown last axis", tensors,
         lambda s: s.L.Dense(2, name="head")(s.K.Input((None,))), "head|Dense",
         r"last dimension \(axis -1\) of the inputs to a `Dense` layer \('head'\) should be "
         r"defined.*Found None. Full input shape received: \(None, None\)", CLEAR, CLEAR),
    Case("Conv2D window larger than the image", tensors,
         lambda s: s.L.Conv2D(4, 5, name="conv")(s.images), "conv",
         r"output is <= 0 due to downsampling in conv: its 5x5 window does not fit the "
         r"input.*\(None, 3, 3, 1\)", UNCLEAR, CLEAR),
    Case("MaxPooling2D window larger than the image", tensors,
         lambda s: s.L.MaxPooling2D(4, name="pool")(s.images), "pool|MaxPooling2D",
         r"downsampling in pool: its 4x4 window does not fit.*\(None, 3, 3, 1\)",
         CLEAR, CLEAR),
    Case("Conv2D on sequences", tensors,
         lambda s: s.L.Conv2D(4, 3, name="conv")(s.sequences), "conv",
         r'layer "conv" is incompatible with the layer: expected ndim=4, found ndim=3',
         CLEAR, CLEAR),
    Case("LSTM on vectors", tensors, lambda s: s.L.LSTM(4, name="reader")(s.vectors),
         "reader", r'layer "reader" is incompatible with the layer: expected ndim=3, found '
         r"ndim=2. Full shape received: \(None, 4\)", CLEAR, CLEAR),
    Case("TimeDistributed on vectors", tensors,
         lambda s: s.L.TimeDistributed(s.L.Dense(2), name="steps")(s.vectors),
         "steps|TimeDistributed",
         r"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
         r"dimensions, received: \(None, 4\)", CLEAR, CLEAR),
    Case("concatenate of ranks 2 and 3", tensors,
         lambda s: s.L.Concatenate(name="join")([s.vectors, s.sequences]), "join|Concatenate",
         r"Layer join \(Concatenate\) got inputs of different ranks: \[\(None, 4\), "
         r"\(None, 5, 3\)\]", CLEAR, CLEAR),
    Case("Concatenate(axis=3) on rank 2", tensors,
         lambda s: s.L.Concatenate(axis=3, name="join")([s.vectors, s.vectors]),
         "join|Concatenate",
         r"join \(Concatenate\): axis=3 is out of range for inputs of rank 2", UNCLEAR, UNCLEAR),
    Case("Concatenate called on an empty list", tensors,
         lambda s: s.L.Concatenate(name="join")([]), "join|Concatenate",
         r"A `Concatenate` layer should be called on a list of at least 1 input. Received: "
         r"input_shape=\[\] \(layer join\)", UNCLEAR, CLEAR),
    Case("Add of (4,) and (5,)", tensors,
         lambda s: s.L.Add(name="sum")([s.vectors, s.K.Input((5,))]), "sum|Add",
         r"Inputs have incompatible shapes. Received shapes \(4,\) and \(5,\) \(layer sum",
         UNCLEAR, UNCLEAR),
    Case("Add called on one tensor", tensors, lambda s: s.L.Add(name="sum")(s.vectors),
         "sum|Add|merge layer", r"merge layer should be called on a list of inputs. "
         r"Received: input_shape=\(None, 4\).*layer sum", CLEAR, CLEAR),
]
