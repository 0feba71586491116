"""The guide's models at full size, built by either library (`lib` is `fnapi` or `keras`),
with random data of the right shapes: (model, loss, inputs, targets)."""
import numpy as np


def mlp(lib, n=3200):
    L = lib.layers
    inputs = L.Input(shape=(784,))
    x = L.Dense(64, activation="relu")(inputs)
    x = L.Dense(64, activation="relu")(x)
    model = lib.models.Model(inputs, L.Dense(10, activation="softmax")(x))
    data = np.random.rand(n, 784).astype("float32")
    labels = np.eye(10, dtype="float32")[np.random.randint(0, 10, n)]
    return model, "categorical_crossentropy", data, labels


def headline(lib, n=320):
    L = lib.layers
    main_input = L.Input(shape=(100,), dtype="int32", name="main_input")
    lstm_out = L.LSTM(32)(L.Embedding(output_dim=512, input_dim=10000)(main_input))
    aux_output = L.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    aux_input = L.Input(shape=(5,), name="aux_input")
    x = L.concatenate([lstm_out, aux_input])
    for _ in range(3):
        x = L.Dense(64, activation="relu")(x)
    main_output = L.Dense(1, activation="sigmoid", name="main_output")(x)
    model = lib.models.Model([main_input, aux_input], [main_output, aux_output])
    data = [np.random.randint(1, 10000, (n, 100)).astype("int32"),
            np.random.randn(n, 5).astype("float32")]
    labels = [np.random.randint(0, 2, (n, 1)).astype("float32") for _ in range(2)]
    return model, ["binary_crossentropy"] * 2, data, labels


def tweets(lib, n=160):
    L = lib.layers
    tweet_a, tweet_b = L.Input(shape=(280, 256)), L.Input(shape=(280, 256))
    shared_lstm = L.LSTM(64)
    merged = L.concatenate([shared_lstm(tweet_a), shared_lstm(tweet_b)], axis=-1)
    model = lib.models.Model([tweet_a, tweet_b], L.Dense(1, activation="sigmoid")(merged))
    one_hot = np.eye(256, dtype="float32")
    data = [one_hot[np.random.randint(0, 256, (n, 280))] for _ in range(2)]
    return model, "binary_crossentropy", data, [np.random.randint(0, 2, (n, 1)).astype("float32")]


def vision(lib, n=320):
    L = lib.layers
    digit_input = L.Input(shape=(27, 27, 1))
    x = L.Conv2D(64, (3, 3))(digit_input)
    x = L.Conv2D(64, (3, 3))(x)
    x = L.MaxPooling2D((2, 2))(x)
    vision_model = lib.models.Model(digit_input, L.Flatten()(x))
    digit_a, digit_b = L.Input(shape=(27, 27, 1)), L.Input(shape=(27, 27, 1))
    merged = L.concatenate([vision_model(digit_a), vision_model(digit_b)])
    model = lib.models.Model([digit_a, digit_b], L.Dense(1, activation="sigmoid")(merged))
    data = [np.random.rand(n, 27, 27, 1).astype("float32") for _ in range(2)]
    return model, "binary_crossentropy", data, [np.random.randint(0, 2, (n, 1)).astype("float32")]


def conv_flops_per_step(batch=32):
    """Forward + backward FLOPs of the vision model's two convolutions (x2 inputs), ~3x the
    forward pass."""
    forward = 2 * (25 * 25 * 3 * 3 * 1 * 64 + 23 * 23 * 3 * 3 * 64 * 64)
    return 3 * forward * 2 * batch


MODELS = {"MLP 784-64-64-10": mlp, "multi-I/O headline (LSTM 32)": headline,
          "shared-LSTM tweets (LSTM 64, T=280)": tweets, "shared vision (Conv2D 64)": vision}
