"""The same small models built twice: in fnapi and in a real Keras, with equal weights.

Each builder takes the library module (`fnapi`, `keras` = Keras 3, `tf_keras` = Keras 2)
and draws the guide's model with small sizes through the API the three share. `twin`
builds both and copies fnapi's weights into the other, layer by layer: the two models'
`layers` come in the same order. Tests then train or differentiate both and compare.

Not a test file: a helper for the training tests.
"""
import numpy as np
import tensorflow as tf

import fnapi


def mlp(lib, features=784, hidden=64, classes=10, activation="softmax"):
    """Example one of the guide: Dense-Dense-softmax."""
    L = lib.layers
    inputs = L.Input(shape=(features,))
    x = L.Dense(hidden, activation="relu")(inputs)
    x = L.Dense(hidden, activation="relu")(x)
    return lib.Model(inputs, L.Dense(classes, activation=activation)(x))


def two_heads(lib):
    """Two named inputs, two named outputs (one sigmoid, one softmax), no recurrence."""
    L = lib.layers
    a, b = L.Input(shape=(5,), name="a"), L.Input(shape=(3,), name="b")
    hidden = L.Dense(4, activation="relu")(L.concatenate([a, b]))
    return lib.Model([a, b], [L.Dense(1, activation="sigmoid", name="o1")(hidden),
                              L.Dense(3, activation="softmax", name="o2")(hidden)])


def headline(lib, vocab=50, embed=8, units=4, steps=7, hidden=8):
    """The multi-input multi-output headline model, with the guide's names."""
    L = lib.layers
    main_input = L.Input(shape=(steps,), dtype="int32", name="main_input")
    lstm_out = L.LSTM(units)(L.Embedding(input_dim=vocab, output_dim=embed)(main_input))
    aux_output = L.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    aux_input = L.Input(shape=(5,), name="aux_input")
    x = L.concatenate([lstm_out, aux_input])
    for _ in range(3):
        x = L.Dense(hidden, activation="relu")(x)
    main_output = L.Dense(1, activation="sigmoid", name="main_output")(x)
    return lib.Model([main_input, aux_input], [main_output, aux_output])


def shared_lstm(lib, steps=6, features=5, units=4):
    """One LSTM layer used on two inputs."""
    L = lib.layers
    tweet_a, tweet_b = L.Input(shape=(steps, features)), L.Input(shape=(steps, features))
    shared = L.LSTM(units)
    merged = L.concatenate([shared(tweet_a), shared(tweet_b)], axis=-1)
    return lib.Model([tweet_a, tweet_b], L.Dense(1, activation="sigmoid")(merged))


def shared_vision(lib, size=8, filters=4):
    """One vision *model* called on two images."""
    L = lib.layers
    digit_input = L.Input(shape=(size, size, 1))
    x = L.Conv2D(filters, (3, 3))(digit_input)
    x = L.Conv2D(filters, (3, 3))(x)
    vision_model = lib.Model(digit_input, L.Flatten()(L.MaxPooling2D((2, 2))(x)))
    digit_a, digit_b = L.Input(shape=(size, size, 1)), L.Input(shape=(size, size, 1))
    merged = L.concatenate([vision_model(digit_a), vision_model(digit_b)])
    return lib.Model([digit_a, digit_b], L.Dense(1, activation="sigmoid")(merged))


def time_distributed(lib, steps=4, features=6, classes=3):
    """A small classifier model applied to every step of a sequence, then an LSTM."""
    L = lib.layers
    frame = L.Input(shape=(features,))
    classifier = lib.Model(frame, L.Dense(classes, activation="softmax")(
        L.Dense(5, activation="relu")(frame)))
    sequence = L.Input(shape=(steps, features))
    encoded = L.LSTM(3)(L.TimeDistributed(classifier)(sequence))
    return lib.Model(sequence, L.Dense(2, activation="softmax")(encoded))


# name -> (builder, losses per output, loss weights)
MODELS = {
    "mlp": (mlp, ["categorical_crossentropy"], [1.0]),
    "headline": (headline, ["binary_crossentropy"] * 2, [1.0, 0.2]),
    "shared_lstm": (shared_lstm, ["binary_crossentropy"], [1.0]),
    "shared_vision": (shared_vision, ["binary_crossentropy"], [1.0]),
    "time_distributed": (time_distributed, ["categorical_crossentropy"], [1.0]),
}


def sample_data(model, n, rng, vocab=50):
    """Random (inputs, targets) lists fitting `model`: ids for int inputs, one-hot targets
    for softmax outputs, 0/1 targets for sigmoid outputs, random arrays for image outputs."""
    xs = [rng.integers(0, vocab, (n, *t.shape[1:])).astype("int32") if t.dtype == tf.int32
          else rng.random((n, *t.shape[1:])).astype("float32") for t in model.inputs]
    ys = [rng.random((n, *t.shape[1:])).astype("float32") if len(t.shape) > 2
          else np.eye(t.shape[-1], dtype="float32")[rng.integers(0, t.shape[-1], n)]
          if t.shape[-1] > 1 else rng.integers(0, 2, (n, 1)).astype("float32")
          for t in model.outputs]
    return xs, ys


def copy_weights(source, target):
    """Layer by layer, after checking that the two models line up."""
    assert len(source.layers) == len(target.layers)
    for mine, theirs in zip(source.layers, target.layers):
        values = mine.get_weights()
        assert [v.shape for v in values] == [tuple(w.shape) for w in theirs.get_weights()], \
            (mine.name, theirs.name)
        theirs.set_weights(values)


def twin(build, other, **sizes):
    """(fnapi model, the same model in `other`) with fnapi's initial weights in both,
    drawn from a fixed seed so that every run tests the same numbers."""
    fnapi.utils.set_random_seed(0)
    mine, theirs = build(fnapi, **sizes), build(other, **sizes)
    copy_weights(mine, theirs)
    return mine, theirs


def layer_weights(model):
    return [[w.copy() for w in layer.get_weights()] for layer in model.layers]


def keras_gradients(model, losses, loss_weights, xs, ys):
    """Per layer of a Keras model, the gradient of sum_k w_k * mean(loss_k), by GradientTape."""
    import keras  # here, so that tests without Keras do not pay for importing it
    with tf.GradientTape() as tape:
        predictions = model(xs if len(xs) > 1 else xs[0], training=True)
        predictions = predictions if isinstance(predictions, list) else [predictions]
        total = sum(w * tf.reduce_mean(keras.losses.get(name)(y, p))
                    for name, w, y, p in zip(losses, loss_weights, ys, predictions))
    variables = model.trainable_weights
    by_variable = dict(zip(map(id, variables), tape.gradient(total, variables)))
    return [[tf.convert_to_tensor(by_variable[id(v)]).numpy() for v in layer.trainable_weights]
            for layer in model.layers]


def assert_close_nested(actual, expected, atol, rtol=0.0):
    assert len(actual) == len(expected)
    for a_group, e_group in zip(actual, expected):
        assert len(a_group) == len(e_group)
        for a, e in zip(a_group, e_group):
            np.testing.assert_allclose(a, e, atol=atol, rtol=rtol)


def inception(lib, size=8, filters=3):
    """The guide's Inception module: three branches concatenated on the channel axis."""
    L = lib.layers
    image = L.Input(shape=(size, size, 3))
    a = L.Conv2D(filters, (1, 1), padding="same", activation="relu")(image)
    a = L.Conv2D(filters, (3, 3), padding="same", activation="relu")(a)
    b = L.Conv2D(filters, (1, 1), padding="same", activation="relu")(image)
    b = L.Conv2D(filters, (5, 5), padding="same", activation="relu")(b)
    c = L.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(image)
    c = L.Conv2D(filters, (1, 1), padding="same", activation="relu")(c)
    return lib.Model(image, L.concatenate([a, b, c], axis=-1))


def residual(lib, size=8):
    """The guide's residual connection: a conv output added to its own input."""
    L = lib.layers
    x = L.Input(shape=(size, size, 3))
    return lib.Model(x, L.add([x, L.Conv2D(3, (3, 3), padding="same")(x)]))


def vqa(lib, size=8, vocab=20, steps=5):
    """The guide's visual question answering: a Sequential vision model and a question
    encoder (Embedding, LSTM), concatenated into a softmax over answers."""
    L = lib.layers
    vision_model = lib.Sequential([
        L.Conv2D(4, (3, 3), activation="relu", padding="same", input_shape=(size, size, 3)),
        L.MaxPooling2D((2, 2)), L.Flatten()])
    image = L.Input(shape=(size, size, 3))
    question = L.Input(shape=(steps,), dtype="int32")
    encoded_question = L.LSTM(4)(L.Embedding(input_dim=vocab, output_dim=6)(question))
    merged = L.concatenate([vision_model(image), encoded_question])
    return lib.Model([image, question], L.Dense(vocab, activation="softmax")(merged))


def video_qa(lib, size=8, vocab=20, steps=5, frames=3):
    """The guide's video QA: a vision model TimeDistributed over frames, an LSTM over them,
    and a question encoder model reused from its layers."""
    L = lib.layers
    frame = L.Input(shape=(size, size, 3))
    vision = lib.Model(frame, L.Flatten()(L.MaxPooling2D((2, 2))(
        L.Conv2D(4, (3, 3), activation="relu", padding="same")(frame))))
    question = L.Input(shape=(steps,), dtype="int32")
    encoder = lib.Model(question, L.LSTM(4)(L.Embedding(input_dim=vocab, output_dim=6)(question)))
    video = L.Input(shape=(frames, size, size, 3))
    encoded_video = L.LSTM(5)(L.TimeDistributed(vision)(video))
    video_question = L.Input(shape=(steps,), dtype="int32")
    merged = L.concatenate([encoded_video, encoder(video_question)])
    return lib.Model([video, video_question], L.Dense(vocab, activation="softmax")(merged))


def sequential_mlp(lib):
    """Example one as a Sequential with an input_shape on its first layer."""
    L = lib.layers
    return lib.Sequential([L.Dense(8, activation="relu", input_shape=(6,)), L.Dropout(0.2),
                           L.Dense(3, activation="softmax")])


# Every architecture of the guide, small: name -> (builder, losses per output).
GUIDE_ARCHITECTURES = {
    "mlp": (mlp, ["categorical_crossentropy"]),
    "sequential": (sequential_mlp, ["categorical_crossentropy"]),
    "headline": (headline, ["binary_crossentropy"] * 2),
    "shared_lstm": (shared_lstm, ["binary_crossentropy"]),
    "shared_vision": (shared_vision, ["binary_crossentropy"]),
    "time_distributed": (time_distributed, ["categorical_crossentropy"]),
    "inception": (inception, ["mse"]),
    "residual": (residual, ["mse"]),
    "vqa": (vqa, ["categorical_crossentropy"]),
    "video_qa": (video_qa, ["categorical_crossentropy"]),
}
