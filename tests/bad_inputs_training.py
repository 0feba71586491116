"""Bad inputs, floor 3: compile, fit, evaluate, predict, the *_on_batch methods, weights
files, and the objects given to them (optimizers, losses, callbacks).

Rows: Case(id, setup, call, about, fnapi's message, Keras 3, Keras 2); see bad_inputs.py.
Every `fit` says verbose=0, so that a Keras that accepts nonsense prints nothing.
"""
import numpy as np

from bad_inputs import ACCEPTS, CLEAR, UNCLEAR, Case, compiled, nothing


def _compile(s, **arguments):
    return s.model.compile(**{"optimizer": "sgd", "loss": "mse", **arguments})


def _fit(s, x=None, y=None, **arguments):
    return s.model.fit(s.x if x is None else x, s.y if y is None else y,
                       **{"verbose": 0, **arguments})


def _a_b(s, a_rows=10, b_rows=10):
    return [s.x[0][:a_rows], s.x[1][:b_rows]]


CASES = [
    # --- compile ---------------------------------------------------------------------
    Case("compile(optimizer=the SGD class)", compiled,
         lambda s: _compile(s, optimizer=s.K.optimizers.SGD), "optimizer",
         r"Unknown optimizer <class .*SGD'>", CLEAR, CLEAR),
    Case("compile(optimizer=None)", compiled, lambda s: _compile(s, optimizer=None),
         "optimizer", r"Unknown optimizer None. Expected one of \['adam', 'rmsprop', 'sgd'\]",
         ACCEPTS, CLEAR),
    # Stricter than both (down to the next section): these are checked at compile. Keras 3
    # checks them only at the first fit, Keras 2 at fit or never (loss_weights).
    Case("compile(optimizer='adamw')", compiled, lambda s: _compile(s, optimizer="adamw"),
         "optimizer", r"Unknown optimizer 'adamw'. Expected one of \['adam', 'rmsprop', "
         r"'sgd'\]", ACCEPTS, ACCEPTS),
    Case("compile(loss='msee')", compiled, lambda s: _compile(s, loss="msee"), "loss",
         r"Unknown loss 'msee'. Expected one of .*'mse'", ACCEPTS, ACCEPTS),
    Case("compile(loss=None)", compiled, lambda s: _compile(s, loss=None), "loss",
         r"compile\(\) needs a loss", ACCEPTS, ACCEPTS),
    Case("compile(loss=a dict with an unknown output)", compiled,
         lambda s: _compile(s, loss={"o1": "mse", "o3": "mse"}), "o3",
         r"loss given for unknown outputs \['o3'\]; the outputs are \['o1', 'o2'\]",
         ACCEPTS, ACCEPTS),
    Case("compile(loss=a list of 1 for 2 outputs)", compiled,
         lambda s: _compile(s, loss=["mse"]), "loss",
         r"loss is a list of 1, but the model has 2 outputs \['o1', 'o2'\]", ACCEPTS, ACCEPTS),
    Case("compile(metrics=['acuracy'])", compiled,
         lambda s: _compile(s, metrics=["acuracy"]), "acuracy",
         r"Unknown metric 'acuracy'. Expected one of .*'accuracy'", ACCEPTS, ACCEPTS),
    Case("compile(loss_weights=a list of 1)", compiled,
         lambda s: _compile(s, loss_weights=[1.0]), "loss_weights",
         r"loss_weights is a list of 1, but the model has 2 outputs", ACCEPTS, ACCEPTS),
    Case("compile(loss_weights={'o3': 1})", compiled,
         lambda s: _compile(s, loss_weights={"o3": 1.0}), "o3",
         r"loss_weights given for unknown outputs \['o3'\]", ACCEPTS, ACCEPTS),
    Case("compile(loss_weights=['a', 1])", compiled,
         lambda s: _compile(s, loss_weights=["a", 1.0]), "loss_weights",
         r"Expected `loss_weights` to be numbers, one per output. Received: 'a' in "
         r"loss_weights=\['a', 1.0\]", ACCEPTS, ACCEPTS),
    # --- fit's own arguments -------------------------------------------------------------
    Case("fit(batch_size=0)", compiled, lambda s: _fit(s, batch_size=0), "batch_size",
         r"Expected `batch_size` to be a positive integer .*Received: batch_size=0",
         ACCEPTS, CLEAR),
    Case("fit(batch_size=2.5)", compiled, lambda s: _fit(s, batch_size=2.5), "batch_size",
         r"Expected `batch_size` to be a positive integer .*Received: batch_size=2.5",
         UNCLEAR, UNCLEAR),
    Case("fit(epochs=-1)", compiled, lambda s: _fit(s, epochs=-1), "epochs",
         r"Expected `epochs` to be a positive integer. Received: epochs=-1", ACCEPTS, CLEAR),
    Case("fit(epochs='10')", compiled, lambda s: _fit(s, epochs="10"), "epochs",
         r"Expected `epochs` to be a positive integer. Received: epochs='10'", UNCLEAR,
         UNCLEAR),
    # stricter than both, which silently train no epoch at all
    Case("fit(initial_epoch=5, epochs=3)", compiled,
         lambda s: _fit(s, epochs=3, initial_epoch=5), "initial_epoch",
         r"`initial_epoch`.*less than `epochs`.*Received: initial_epoch=5, epochs=3",
         ACCEPTS, ACCEPTS),
    # stricter than both
    Case("fit(validation_split=1.5)", compiled, lambda s: _fit(s, validation_split=1.5),
         "validation_split", r"Expected `validation_split` to be a fraction in \[0, 1\).*"
         r"Received: validation_split=1.5", ACCEPTS, ACCEPTS),
    Case("fit(validation_data=(x,))", compiled, lambda s: _fit(s, validation_data=(s.x,)),
         "validation_data", r"Expected `validation_data` to be a tuple \(x_val, y_val\) or "
         r"\(x_val, y_val, sample_weight_val\), or a dataset. Received: tuple of length 1",
         UNCLEAR, ACCEPTS),
    # stricter than both (this row and the next)
    Case("fit(shuffle='yes')", compiled, lambda s: _fit(s, shuffle="yes"), "shuffle",
         r"Expected `shuffle` to be True or False. Received: shuffle='yes'", ACCEPTS, ACCEPTS),
    Case("fit(verbose=3)", compiled, lambda s: _fit(s, verbose=3), "verbose",
         r"Expected `verbose` to be 0 .* Received: verbose=3", ACCEPTS, ACCEPTS),
    Case("fit(callbacks=[print])", compiled, lambda s: _fit(s, callbacks=[print]),
         "callbacks", r"Expected `callbacks` to be a list of .*Callback instances. Received an "
         r"item <built-in function print>", UNCLEAR, UNCLEAR),
    # --- fit's data ----------------------------------------------------------------------
    Case("fit with 10 inputs and 9 targets", compiled,
         lambda s: _fit(s, y=[s.y[0][:9], s.y[1][:9]]), "samples",
         r"Data cardinality is ambiguous. Make sure all arrays contain the same number of "
         r"samples. 'x' sizes: 10, 10 'y' sizes: 9, 9", CLEAR, CLEAR),
    Case("fit with no samples", compiled,
         lambda s: _fit(s, _a_b(s, 0, 0), [s.y[0][:0], s.y[1][:0]]), "empty",
         r"Expected input data to be non-empty", ACCEPTS, CLEAR),
    Case("fit on strings", compiled,
         lambda s: _fit(s, [np.array(["a"] * 10), s.x[1]]), "input 'a'|data type",
         r"Unrecognized data type for input 'a': ndarray holding <U1 values. Expected "
         r"numbers", UNCLEAR, UNCLEAR),
    Case("fit with a dict missing input 'b'", compiled,
         lambda s: _fit(s, {"a": s.x[0]}), "'b'",
         r"Expected inputs of model \w+ named \['a', 'b'\]; unexpected: \[\], missing: \['b'\]",
         CLEAR, UNCLEAR),
    Case("fit without targets", compiled, lambda s: s.model.fit(s.x, verbose=0), "target",
         r"needs target data for \['o1', 'o2'\], got None", UNCLEAR, UNCLEAR),
    # --- evaluate, predict, *_on_batch -----------------------------------------------------
    Case("evaluate(batch_size=0)", compiled,
         lambda s: s.model.evaluate(s.x, s.y, batch_size=0, verbose=0), "batch_size",
         r"Expected `batch_size` to be a positive integer .*Received: batch_size=0",
         ACCEPTS, CLEAR),
    Case("evaluate with 9 targets", compiled,
         lambda s: s.model.evaluate(s.x, [s.y[0], s.y[1][:9]], verbose=0), "samples",
         r"same number of samples. 'x' sizes: 10, 10 'y' sizes: 10, 9", CLEAR, CLEAR),
    Case("predict(batch_size=-1)", compiled, lambda s: s.model.predict(s.x, batch_size=-1),
         "batch_size", r"Expected `batch_size` to be a positive integer .*Received: "
         r"batch_size=-1", UNCLEAR, CLEAR),
    Case("predict of inputs of 10 and 9 samples", compiled,
         lambda s: s.model.predict(_a_b(s, 10, 9), verbose=0), "samples",
         r"same number of samples. 'x' sizes: 10, 9", CLEAR, CLEAR),
    Case("predict(None)", compiled, lambda s: s.model.predict(None, verbose=0), "input",
         r"needs input data for \['a', 'b'\], got None", UNCLEAR, UNCLEAR),
    # stricter than both
    Case("predict(verbose='loud')", compiled,
         lambda s: s.model.predict(s.x, verbose="loud"), "verbose",
         r"Expected `verbose` to be 0 .* Received: verbose='loud'", ACCEPTS, ACCEPTS),
    Case("predict of 3 arrays for 2 inputs", compiled,
         lambda s: s.model.predict([*s.x, s.x[1]], verbose=0), "input",
         r"2 input\(s\) \['a', 'b'\], but 3 input array\(s\) were given", CLEAR, UNCLEAR),
    # Stricter than both: with arrays each Keras reads only the first `steps` batches
    # (Keras 2 for steps_per_epoch, validation_steps, steps alike); fnapi refuses all three.
    Case("evaluate(arrays, steps=2)", compiled,
         lambda s: s.model.evaluate(s.x, s.y, steps=2, verbose=0), "steps",
         r"`steps` is only for datasets, generators and iterators; with arrays .*Received: "
         r"steps=2 with arrays", ACCEPTS, ACCEPTS),
    Case("predict(arrays, steps=1)", compiled,
         lambda s: s.model.predict(s.x, steps=1, verbose=0), "steps",
         r"`steps` is only for .*Received: steps=1 with arrays", ACCEPTS, ACCEPTS),
    Case("fit(validation_data=arrays, validation_steps=1)", compiled,
         lambda s: _fit(s, validation_data=(s.x, s.y), validation_steps=1), "validation_steps",
         r"`validation_steps` is only for .*Received: validation_steps=1 with arrays",
         ACCEPTS, ACCEPTS),
    Case("train_on_batch with 9 targets", compiled,
         lambda s: s.model.train_on_batch(s.x, [s.y[0][:9], s.y[1]]), "samples",
         r"same number of samples. 'x' sizes: 10, 10 'y' sizes: 9, 10", UNCLEAR, CLEAR),
    Case("test_on_batch with a target of the wrong shape", compiled,
         lambda s: s.model.test_on_batch(s.x, [s.y[0], s.y[1][:, :2]]), "o2",
         r"Target for output 'o2' has shape \(10, 2\), which does not fit the output's "
         r"shape \(None, 3\)", UNCLEAR, UNCLEAR),
    Case("predict_on_batch with an input of the wrong shape", compiled,
         lambda s: s.model.predict_on_batch([s.x[0], np.zeros((10, 4))]), "b",
         r"Input 'b' expects arrays of shape \(None, 3\), got \(10, 4\)", CLEAR, UNCLEAR),
    # --- weights files -------------------------------------------------------------------
    Case("save_weights(42)", compiled, lambda s: s.model.save_weights(42), "filepath",
         r"Expected `filepath` to be the path of the weights file .*Received: filepath=42",
         CLEAR, UNCLEAR),
    Case("save_weights into a missing folder", compiled,
         lambda s: s.model.save_weights(str(s.folder / "nowhere" / "m.weights.h5")),
         "nowhere", r"Cannot save to filepath=.*nowhere.*the folder .*nowhere' does "
         r"not exist", UNCLEAR, UNCLEAR),
    Case("load_weights of a missing file", compiled,
         lambda s: s.model.load_weights(str(s.folder / "missing.weights.h5")), "missing",
         r"Cannot read weights from .*missing.weights.h5.*not changed", UNCLEAR, UNCLEAR),
    Case("load_weights of another model's file", compiled,
         lambda s: s.model.load_weights(str(s.other_weights)), "other",
         r"has shape \(8, 4\) in model \w+ but \(5, 2\) in '.*other.weights.h5'. The model "
         r"was not changed", UNCLEAR, UNCLEAR),
    # --- optimizers, losses, callbacks ----------------------------------------------------
    Case("SGD(learning_rate='fast')", nothing,
         lambda s: s.K.optimizers.SGD(learning_rate="fast"), "learning_rate",
         r"`learning_rate` must be a float > 0. Received: learning_rate='fast'", CLEAR,
         UNCLEAR),
    Case("SGD(momentum=1.5)", nothing, lambda s: s.K.optimizers.SGD(momentum=1.5),
         "momentum", r"`momentum` must be a float between \[0, 1\]. Received: momentum=1.5",
         CLEAR, CLEAR),
    # Stricter than both (the next six rows): Keras checks only SGD's momentum.
    Case("SGD(learning_rate=-0.1)", nothing, lambda s: s.K.optimizers.SGD(learning_rate=-0.1),
         "learning_rate", r"`learning_rate` must be a float > 0. Received: learning_rate=-0.1",
         ACCEPTS, ACCEPTS),
    Case("RMSprop(rho=1.5)", nothing, lambda s: s.K.optimizers.RMSprop(rho=1.5), "rho",
         r"`rho` must be a float between \[0, 1\]. Received: rho=1.5", ACCEPTS, ACCEPTS),
    Case("Adam(beta_1=1.0)", nothing, lambda s: s.K.optimizers.Adam(beta_1=1.0), "beta_1",
         r"`beta_1` must be a float between \[0, 1\). Received: beta_1=1.0", ACCEPTS, ACCEPTS),
    Case("Adam(beta_2=-0.1)", nothing, lambda s: s.K.optimizers.Adam(beta_2=-0.1), "beta_2",
         r"`beta_2` must be a float between \[0, 1\). Received: beta_2=-0.1", ACCEPTS, ACCEPTS),
    Case("Adam(epsilon=-1e-7)", nothing, lambda s: s.K.optimizers.Adam(epsilon=-1e-7),
         "epsilon", r"`epsilon` must be a float >= 0. Received: epsilon=-1e-07",
         ACCEPTS, ACCEPTS),
    Case("RMSprop(momentum=-0.5)", nothing, lambda s: s.K.optimizers.RMSprop(momentum=-0.5),
         "momentum", r"`momentum` must be a float between \[0, 1\]. Received: momentum=-0.5",
         ACCEPTS, ACCEPTS),
    Case("set_random_seed('a')", nothing, lambda s: s.K.utils.set_random_seed("a"), "seed",
         r"Expected `seed` to be an integer >= 0. Received: seed='a'", CLEAR, CLEAR),
    Case("losses.get('msee')", nothing, lambda s: s.K.losses.get("msee"), "msee",
         r"Unknown loss 'msee'. Expected one of .*'mse'", CLEAR, CLEAR),
    # stricter than both (this row and the next): Keras warns that the mode is unknown and
    # falls back to 'auto'
    Case("EarlyStopping(mode='bigger')", nothing,
         lambda s: s.K.callbacks.EarlyStopping(mode="bigger"), "mode",
         r"`mode` argument must be one of \['auto', 'max', 'min'\]. Received: mode='bigger'",
         ACCEPTS, ACCEPTS),
    Case("EarlyStopping(patience=-1)", nothing,
         lambda s: s.K.callbacks.EarlyStopping(patience=-1), "patience",
         r"`patience`.*integer >= 0.*Received: patience=-1", ACCEPTS, ACCEPTS),
    Case("EarlyStopping(min_delta='0.1')", nothing,
         lambda s: s.K.callbacks.EarlyStopping(min_delta="0.1"), "min_delta",
         r"`min_delta` must be a float. Received: min_delta='0.1'", UNCLEAR, UNCLEAR),
    Case("EarlyStopping(monitor=None)", nothing,
         lambda s: s.K.callbacks.EarlyStopping(monitor=None), "monitor",
         r"`monitor`.*Received: monitor=None", ACCEPTS, UNCLEAR),
]
