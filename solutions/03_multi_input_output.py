"""Worked answers to lesson 03 (multi-input, multi-output models), checked by the lesson's own checks.

    python solutions/03_multi_input_output.py            # the three checks
    python solutions/03_multi_input_output.py --train    # also train the words-only model (~15 s)
"""
import sys

import fnapi  # first: keeps TensorFlow's start-up logs out
from exercises import lesson03 as ex
from fnapi.layers import LSTM, Dense, Embedding, Input


# Exercise 1: names become positions. A dict is read in the order of `names` (its own
# order does not matter); an output it does not mention gets None; a misspelt name or a
# list of the wrong length is an error rather than a silent mix-up.
def per_output(spec, names):
    if isinstance(spec, dict):
        unknown = [key for key in spec if key not in names]
        if unknown:
            raise ValueError(f"unknown outputs {unknown}; the outputs are {names}")
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(names):
            raise ValueError(f"{len(spec)} values for {len(names)} outputs {names}")
        return list(spec)
    return [spec] * len(names)


# Exercise 2: walk back from one output tensor. Every tensor knows the node that made it,
# every node knows its input tensors; Input layers' nodes have none, so the walk stops there.
def reached_layers(model, output_name):
    start = model.outputs[model.output_names.index(output_name)]
    seen, stack, names = set(), [start], set()
    while stack:
        node = stack.pop().node
        if node in seen:
            continue
        seen.add(node)
        if node.layer.weights:
            names.add(node.layer.name)
        stack.extend(node.input_tensors)
    return names


# Exercise 3: the headline model without the auxiliary input. The names stay, so the
# dict forms of compile and fit work unchanged (minus the 'aux_input' entry).
def build_words_only(vocab_size, seq_len):
    main_input = Input(shape=(seq_len,), dtype="int32", name="main_input")
    x = Embedding(output_dim=32, input_dim=vocab_size)(main_input)
    lstm_out = LSTM(32)(x)
    auxiliary_output = Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    x = Dense(64, activation="relu")(lstm_out)
    x = Dense(64, activation="relu")(x)
    x = Dense(64, activation="relu")(x)
    main_output = Dense(1, activation="sigmoid", name="main_output")(x)
    return fnapi.Model(inputs=main_input, outputs=[main_output, auxiliary_output])


def train_words_only():
    """The lesson's training, without the time: the main accuracy stays near 0.75."""
    from coursedata import headlines

    fnapi.utils.set_random_seed(0)
    train = headlines.generate(3000, seed=0, seq_len=30)
    test = headlines.generate(1000, seed=1, seq_len=30)
    model = build_words_only(10000, 30)
    model.compile(optimizer="rmsprop",
                  loss={"main_output": "binary_crossentropy", "aux_output": "binary_crossentropy"},
                  loss_weights={"main_output": 1.0, "aux_output": 0.2},
                  metrics=["accuracy"])
    history = model.fit({"main_input": train["headline"]},
                        {"main_output": train["main"], "aux_output": train["aux"]},
                        validation_data=({"main_input": test["headline"]},
                                         {"main_output": test["main"], "aux_output": test["aux"]}),
                        epochs=10, batch_size=32, verbose=0)
    h = history.history
    print(f"words only, held-out main accuracy: best {max(h['val_main_output_accuracy']):.2f}, "
          f"last {h['val_main_output_accuracy'][-1]:.2f} (at most 0.75 is possible from the words; "
          f"past that, the model memorises training headlines); aux: "
          f"{h['val_aux_output_accuracy'][-1]:.2f}.")


if __name__ == "__main__":
    results = [ex.check_1(per_output), ex.check_2(reached_layers), ex.check_3(build_words_only)]
    if "--train" in sys.argv:
        train_words_only()
    raise SystemExit(0 if all(results) else 1)
