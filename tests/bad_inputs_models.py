"""Bad inputs, floor 2: building models (`Model`, `Sequential`), finding their layers,
calling them, and looking at them (`summary`, `plot_model`).

Rows: Case(id, setup, call, about, fnapi's message, Keras 3, Keras 2); see bad_inputs.py.
"""
import numpy as np

from bad_inputs import ABSENT, ACCEPTS, CLEAR, UNCLEAR, Case, compiled, nothing, tensors, unbuilt

CASES = [
    # --- Model(inputs, outputs) -----------------------------------------------------
    Case("Model with a string as output", tensors, lambda s: s.K.Model(s.vectors, "output"),
         "output", r"all outputs must be symbolic tensors .*got 'output'", CLEAR, CLEAR),
    Case("Model with an array as input", tensors,
         lambda s: s.K.Model(np.zeros((2, 4)), s.dense.output), "input",
         r"all inputs must be symbolic tensors .*got array", CLEAR, CLEAR),
    Case("Model with no outputs", tensors, lambda s: s.K.Model(s.vectors, []), "outputs",
         r"the `outputs` argument cannot be empty. Received: .*outputs=\[\]", CLEAR, ACCEPTS),
    Case("Model with the same input twice", tensors,
         lambda s: s.K.Model([s.vectors, s.vectors], s.dense.output), "input",
         r"contains the same input multiple times.*Received inputs=\[<SymbolicTensor",
         ACCEPTS, CLEAR),
    Case("Model missing an input", tensors, lambda s: s.K.Model(s.vectors, s.joined),
         "other", r'Graph disconnected: cannot obtain value for tensor .*"other".*layer '
         r'"join"', UNCLEAR, CLEAR),
    Case("Model with two layers of one name", tensors,
         lambda s: s.K.Model(s.vectors, s.twins), "twin",
         r'The name "twin" is used 2 times in the model', CLEAR, CLEAR),
    # --- a model's layers -----------------------------------------------------------
    Case("get_layer of an unknown name", compiled, lambda s: s.model.get_layer("o3"), "o3",
         r"No such layer: o3. Existing layers are: \[.*'o1', 'o2'\]", CLEAR, CLEAR),
    Case("get_layer of an index too large", compiled,
         lambda s: s.model.get_layer(index=10), "index",
         r"retrieve layer at index 10 but model \w+ only has 6 layers", CLEAR, CLEAR),
    Case("get_layer(index='1')", compiled, lambda s: s.model.get_layer(index="1"), "index",
         r"Expected `index` to be an integer. Received: index='1'", UNCLEAR, UNCLEAR),
    Case("get_layer of nothing", compiled, lambda s: s.model.get_layer(), "layer",
         r"Provide either a layer name or layer index", CLEAR, CLEAR),
    Case("set_weights with too few arrays", compiled,
         lambda s: s.model.set_weights(s.model.get_weights()[:2]), "weight",
         r"expects 6 weight arrays .*got 2", CLEAR, CLEAR),
    Case("get_output_at('0')", tensors, lambda s: s.dense.get_output_at("0"), "node",
         r"Asked to get the output at node '0', but layer dense_for_4 has only 1 inbound "
         r"node\(s\)", ABSENT, UNCLEAR),  # Keras 3 has no get_output_at
    # --- calling a model ----------------------------------------------------------------
    Case("model called on one array for two inputs", compiled,
         lambda s: s.model(s.x[0]), "input",
         r"expects 2 input\(s\) \['a', 'b'\], got 1", CLEAR, CLEAR),
    Case("model called on an array of the wrong shape", compiled,
         lambda s: s.model([s.x[0], np.zeros((10, 4), "float32")]), "b",
         r"Input 'b' of model \w+ expects shape \(None, 3\), got \(10, 4\)", CLEAR, CLEAR),
    Case("model called on strings", compiled,
         lambda s: s.model([np.array([["a"] * 5] * 10), s.x[1]]), "input 'a'",
         r"Input 'a' of model \w+ expects numbers \(float32\). Received: a tensor of strings "
         r"of shape \(10, 5\)", UNCLEAR, UNCLEAR),
    # --- Sequential -------------------------------------------------------------------
    Case("Sequential(layers='dense')", nothing, lambda s: s.K.Sequential(layers="dense"),
         "layers", r"Expected `layers` to be a list of layers. Received: layers='dense'",
         UNCLEAR, UNCLEAR),
    Case("Sequential.add of a string", unbuilt, lambda s: s.model.add("dense"), "Sequential",
         r"Only instances of `fnapi.layers.Layer` can be added to a Sequential model. "
         r"Received: 'dense'", CLEAR, UNCLEAR),
    Case("Sequential.add of a name already used", unbuilt,
         lambda s: s.model.add(s.L.Dense(2, name="hidden")), "hidden",
         r"unique names. Name 'hidden' is already the name of a layer", CLEAR, CLEAR),
    # stricter than both
    Case("Sequential.add of an Input after layers", unbuilt,
         lambda s: s.model.add(s.K.Input((3,))), "input",
         r"already has layers; an Input can only come first", ACCEPTS, ACCEPTS),
    Case("Sequential.pop of no layers", unbuilt, lambda s: s.empty.pop(), "layers",
         r"There are no layers in the model", UNCLEAR, CLEAR),
    Case("Sequential.build without a shape", unbuilt, lambda s: s.model.build(),
         "input_shape", r"must provide an `input_shape` argument to build", ACCEPTS, CLEAR),
    Case("Sequential.build of no layers", unbuilt, lambda s: s.empty.build((None, 3)),
         "layers", r"cannot be built because it has no layers", CLEAR, ACCEPTS),
    # stricter than both (an axis of size 0)
    Case("Sequential.build(input_shape=(None, 0))", unbuilt,
         lambda s: s.model.build((None, 0)), "input_shape",
         r"`input_shape` must be a tuple of positive integers or None \(with the batch size "
         r"first.*Received: input_shape=\(None, 0\)",
         ACCEPTS, ACCEPTS),
    Case("summary of an unbuilt Sequential", unbuilt, lambda s: s.model.summary(), "built",
         r"This model has not yet been built. Build the model first", ACCEPTS, CLEAR),
    Case("count_params of an unbuilt Sequential", unbuilt,
         lambda s: s.model.count_params(), "built",
         r"call `count_params` on layer '\w+', but the layer isn't built",
         CLEAR, CLEAR),
    Case("summary(print_fn='print')", compiled, lambda s: s.model.summary(print_fn="print"),
         "print_fn", r"`print_fn` must be a function .*Received: print_fn='print'",
         UNCLEAR, UNCLEAR),
    # stricter than both, which print rules of default width
    Case("summary(line_length=0)", compiled, lambda s: s.model.summary(line_length=0),
         "line_length", r"`line_length`, expected a positive integer. Received: "
         r"line_length=0", ACCEPTS, ACCEPTS),
    # --- plot_model: its arguments are checked before anything is drawn or written ------
    # Both Kerases need pydot, which requirements.txt leaves out: without it they stop at
    # an ImportError before looking at the arguments (but for an unbuilt model).
    Case("plot_model(to_file='model.jpg')", compiled,
         lambda s: s.K.utils.plot_model(s.model, to_file=str(s.folder / "model.jpg")),
         "to_file", r"`to_file` argument must name a .png or .svg file.*Received: "
         r"to_file='.*model.jpg'", UNCLEAR, UNCLEAR),
    Case("plot_model(rankdir='up')", compiled,
         lambda s: s.K.utils.plot_model(s.model, rankdir="up"), "rankdir",
         r"`rankdir` argument must be one of \['BT', 'LR', 'RL', 'TB'\]. Received: "
         r"rankdir='up'", UNCLEAR, UNCLEAR),
    Case("plot_model of an unbuilt Sequential", unbuilt,
         lambda s: s.K.utils.plot_model(s.model), "built", r"not yet been built",
         CLEAR, CLEAR),
    Case("plot_model(dpi=0)", compiled, lambda s: s.K.utils.plot_model(s.model, dpi=0), "dpi",
         r"`dpi`, expected a positive integer. Received: dpi=0", UNCLEAR, UNCLEAR),
]
