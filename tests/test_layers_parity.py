"""Same weights, same numbers: every layer type and every guide architecture, fnapi vs Keras.

Each case is written once as a function of the library `K` (fnapi, keras, tf_keras all
spell it `K.Input`, `K.layers.Dense`, `K.Model`), built in fnapi and in Keras 3, and
Keras's random weights are copied into fnapi layer by layer with get_weights/set_weights.
That copy only works if both list their layers in the same order and each layer its
weights in the same order and shapes, which is checked on the way. Automatic names
follow Keras 2 (`input_1`, `model_1`), so names are compared with tf_keras.
"""
import keras
import numpy as np
import pytest
import tf_keras

import fnapi
import guide

# float32 results of the same formula computed by different kernels (Keras's ops vs
# fnapi's tf.nn calls) differ by ~1e-7 relative; 1e-5 absolute leaves room for that on
# values of order 1, while a wrong formula (a transposed gate, an off-by-one window) is
# off by far more.
ATOL = 1e-5

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Keras 3 on `input_shape=`
rng = np.random.default_rng(0)


# --- one layer at a time ------------------------------------------------------------------
def ids(shape, high=20):
    return rng.integers(0, high, shape)


def normal(shape):
    return rng.standard_normal(shape).astype("float32")


def small_model(K):
    inputs = K.Input(shape=(6,))
    return K.Model(inputs, K.layers.Dense(3, activation="softmax")(K.layers.Dense(4)(inputs)))


LAYERS = {  # name: (input shape, input dtype, data, layer factory)
    "dense": ((5,), "float32", normal, lambda K: K.layers.Dense(3, activation="relu")),
    "dense_on_sequences": ((4, 5), "float32", normal, lambda K: K.layers.Dense(3)),
    "dense_no_bias": ((5,), "float32", normal, lambda K: K.layers.Dense(3, use_bias=False)),
    "activation_softmax": ((6,), "float32", normal, lambda K: K.layers.Activation("softmax")),
    "activation_tanh": ((6,), "float32", normal, lambda K: K.layers.Activation("tanh")),
    "activation_sigmoid": ((6,), "float32", normal, lambda K: K.layers.Activation("sigmoid")),
    "embedding_int_ids": ((6,), "int32", ids, lambda K: K.layers.Embedding(20, 4)),
    # The guide feeds `np.round(...)` floats as word ids, to an int32 Input or a float one.
    "embedding_float_ids_int_input": ((6,), "int32", lambda s: ids(s).astype("float64"),
                                      lambda K: K.layers.Embedding(20, 4)),
    "embedding_float_ids_float_input": ((6,), "float32", lambda s: ids(s).astype("float32"),
                                        lambda K: K.layers.Embedding(20, 4)),
    "lstm_last_state": ((7, 4), "float32", normal, lambda K: K.layers.LSTM(5)),
    "lstm_sequences": ((7, 4), "float32", normal,
                       lambda K: K.layers.LSTM(5, return_sequences=True)),
    "conv2d_same": ((9, 9, 2), "float32", normal,
                    lambda K: K.layers.Conv2D(3, (3, 3), padding="same", activation="relu")),
    "conv2d_valid": ((9, 9, 2), "float32", normal, lambda K: K.layers.Conv2D(3, (3, 2))),
    "conv2d_valid_strides": ((9, 9, 2), "float32", normal,
                             lambda K: K.layers.Conv2D(3, (3, 3), strides=(2, 2))),
    "conv2d_same_strides": ((9, 8, 2), "float32", normal,
                            lambda K: K.layers.Conv2D(3, 3, strides=2, padding="same")),
    "conv2d_same_in_capitals": ((5, 5, 2), "float32", normal,  # Keras lowercases `padding`
                                lambda K: K.layers.Conv2D(3, 3, padding="SAME")),
    "max_pooling2d": ((9, 8, 2), "float32", normal, lambda K: K.layers.MaxPooling2D((2, 2))),
    "max_pooling2d_same_stride_1": ((7, 7, 2), "float32", normal, lambda K: K.layers.MaxPooling2D(
        (3, 3), strides=(1, 1), padding="same")),
    "flatten": ((3, 4, 2), "float32", normal, lambda K: K.layers.Flatten()),
    "dropout_inference": ((6,), "float32", normal, lambda K: K.layers.Dropout(0.5)),
    "time_distributed_layer": ((5, 4), "float32", normal,
                               lambda K: K.layers.TimeDistributed(K.layers.Dense(3))),
    "time_distributed_model": ((5, 6), "float32", normal,
                               lambda K: K.layers.TimeDistributed(small_model(K))),
}


def _short(weight_name):
    """`dense/kernel:0` (a tf.Variable's name) and `kernel` (Keras 3's) -> `kernel`."""
    return weight_name.split("/")[-1].split(":")[0]


def twins(make):
    """`make(K)` built in fnapi and in Keras 3, with Keras's weights copied into fnapi."""
    guide.clear_session(keras)
    theirs = make(keras)
    guide.clear_session(fnapi)
    ours = make(fnapi)
    assert [guide.kind(layer) for layer in ours.layers] == [
        guide.kind(layer) for layer in theirs.layers]
    for mine, keras_layer in zip(ours.layers, theirs.layers):
        values = keras_layer.get_weights()
        assert [w.shape for w in mine.get_weights()] == [v.shape for v in values], mine.name
        assert [_short(w.name) for w in mine.weights] == [_short(w.name) for w in
                                                           keras_layer.weights], mine.name
        mine.set_weights(values)
    assert ours.count_params() == theirs.count_params()
    return ours, theirs


def assert_same_outputs(ours, theirs, inputs):
    got, want = ours(inputs), theirs(inputs, training=False)
    got, want = (got, want) if isinstance(want, list) else ([got], [want])
    assert len(got) == len(want)
    for ours_out, keras_out in zip(got, want):
        assert ours_out.shape == keras_out.shape
        np.testing.assert_allclose(np.asarray(ours_out), np.asarray(keras_out), rtol=0,
                                   atol=ATOL)


@pytest.mark.parametrize("case", LAYERS)
def test_layer_matches_keras(case):
    shape, dtype, data, factory = LAYERS[case]

    def make(K):
        inputs = K.Input(shape=shape, dtype=dtype)
        return K.Model(inputs, factory(K)(inputs))

    ours, theirs = twins(make)
    x = data((3, *shape))
    assert_same_outputs(ours, theirs, x)
    assert ours.outputs[0].shape == tuple(theirs.outputs[0].shape)


def test_dropout_at_inference_is_the_identity():
    inputs = fnapi.Input(shape=(6,))
    model = fnapi.Model(inputs, fnapi.layers.Dropout(0.5)(inputs))
    x = normal((4, 6))
    np.testing.assert_array_equal(np.asarray(model(x)), x)


@pytest.mark.parametrize("merge", ["concatenate", "add"])
def test_merge_layer_matches_keras(merge):
    def make(K):
        a, b = K.Input(shape=(4, 3)), K.Input(shape=(4, 3))
        layer = K.layers.Concatenate(axis=1) if merge == "concatenate" else K.layers.Add()
        return K.Model([a, b], layer([a, b]))

    ours, theirs = twins(make)
    assert_same_outputs(ours, theirs, [normal((2, 4, 3)), normal((2, 4, 3))])


# --- the guide's architectures, at small sizes --------------------------------------------
def dense_net(K):
    inputs = K.Input(shape=(12,))
    x = K.layers.Dense(8, activation="relu")(inputs)
    x = K.layers.Dense(8, activation="relu")(x)
    return K.Model(inputs=inputs, outputs=K.layers.Dense(3, activation="softmax")(x))


def model_as_layer(K):
    model = dense_net(K)
    x, sequences = K.Input(shape=(12,)), K.Input(shape=(4, 12))
    return K.Model([x, sequences], [model(x), K.layers.TimeDistributed(model)(sequences)])


def multi_io(K):
    main_input = K.Input(shape=(10,), dtype="int32", name="main_input")
    lstm_out = K.layers.LSTM(6)(K.layers.Embedding(output_dim=8, input_dim=20)(main_input))
    auxiliary_output = K.layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    auxiliary_input = K.Input(shape=(5,), name="aux_input")
    x = K.layers.concatenate([lstm_out, auxiliary_input])
    for _ in range(3):
        x = K.layers.Dense(16, activation="relu")(x)
    main_output = K.layers.Dense(1, activation="sigmoid", name="main_output")(x)
    return K.Model([main_input, auxiliary_input], [main_output, auxiliary_output])


def shared_lstm(K):
    tweet_a, tweet_b = K.Input(shape=(7, 6)), K.Input(shape=(7, 6))
    shared = K.layers.LSTM(5)
    merged = K.layers.concatenate([shared(tweet_a), shared(tweet_b)], axis=-1)
    return K.Model([tweet_a, tweet_b], K.layers.Dense(1, activation="sigmoid")(merged))


def inception(K):
    input_img = K.Input(shape=(8, 8, 3))
    tower_1 = K.layers.Conv2D(4, (1, 1), padding="same", activation="relu")(input_img)
    tower_1 = K.layers.Conv2D(4, (3, 3), padding="same", activation="relu")(tower_1)
    tower_2 = K.layers.Conv2D(4, (1, 1), padding="same", activation="relu")(input_img)
    tower_2 = K.layers.Conv2D(4, (5, 5), padding="same", activation="relu")(tower_2)
    tower_3 = K.layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(input_img)
    tower_3 = K.layers.Conv2D(4, (1, 1), padding="same", activation="relu")(tower_3)
    return K.Model(input_img, K.layers.concatenate([tower_1, tower_2, tower_3], axis=1))


def residual(K):
    x = K.Input(shape=(8, 8, 3))
    return K.Model(x, K.layers.add([x, K.layers.Conv2D(3, (3, 3), padding="same")(x)]))


def shared_vision(K):
    digit_input = K.Input(shape=(9, 9, 1))
    x = K.layers.Conv2D(4, (3, 3))(digit_input)
    x = K.layers.Conv2D(4, (3, 3))(x)
    vision_model = K.Model(digit_input, K.layers.Flatten()(K.layers.MaxPooling2D((2, 2))(x)))
    digit_a, digit_b = K.Input(shape=(9, 9, 1)), K.Input(shape=(9, 9, 1))
    merged = K.layers.concatenate([vision_model(digit_a), vision_model(digit_b)])
    return K.Model([digit_a, digit_b], K.layers.Dense(1, activation="sigmoid")(merged))


def _vqa_parts(K):
    vision_model = K.Sequential()
    vision_model.add(K.layers.Conv2D(4, (3, 3), activation="relu", padding="same",
                                     input_shape=(10, 10, 3)))
    vision_model.add(K.layers.Conv2D(4, (3, 3), activation="relu"))
    vision_model.add(K.layers.MaxPooling2D((2, 2)))
    vision_model.add(K.layers.Flatten())
    image_input = K.Input(shape=(10, 10, 3))
    encoded_image = vision_model(image_input)
    question_input = K.Input(shape=(6,), dtype="int32")
    embedded_question = K.layers.Embedding(input_dim=20, output_dim=8)(question_input)
    encoded_question = K.layers.LSTM(8)(embedded_question)
    merged = K.layers.concatenate([encoded_question, encoded_image])
    output = K.layers.Dense(10, activation="softmax")(merged)
    vqa_model = K.Model(inputs=[image_input, question_input], outputs=output)
    return vqa_model, vision_model, question_input, encoded_question


def vqa(K):
    return _vqa_parts(K)[0]


def video_qa(K):
    _, vision_model, question_input, encoded_question = _vqa_parts(K)
    video_input = K.Input(shape=(3, 10, 10, 3))
    encoded_video = K.layers.LSTM(8)(K.layers.TimeDistributed(vision_model)(video_input))
    question_encoder = K.Model(inputs=question_input, outputs=encoded_question)
    video_question_input = K.Input(shape=(6,), dtype="int32")
    merged = K.layers.concatenate([encoded_video, question_encoder(video_question_input)])
    output = K.layers.Dense(10, activation="softmax")(merged)
    return K.Model(inputs=[video_input, video_question_input], outputs=output)


ARCHITECTURES = [dense_net, model_as_layer, multi_io, shared_lstm, inception, residual,
                 shared_vision, vqa, video_qa]


def _data_for(model):
    """A batch of 2 for each model input: word ids for int inputs, noise otherwise."""
    return [ids((2, *t.shape[1:])) if t.dtype.is_integer else normal((2, *t.shape[1:]))
            for t in model.inputs]


@pytest.mark.parametrize("make", ARCHITECTURES, ids=lambda f: f.__name__)
def test_guide_architecture_matches_keras(make):
    ours, theirs = twins(make)
    data = _data_for(ours)
    assert_same_outputs(ours, theirs, data if len(data) > 1 else data[0])


@pytest.mark.parametrize("make", ARCHITECTURES, ids=lambda f: f.__name__)
def test_names_and_layer_lookup_match_keras_2(make):
    guide.clear_session(tf_keras)
    theirs = make(tf_keras)
    guide.clear_session(fnapi)
    ours = make(fnapi)
    names = [layer.name for layer in ours.layers]
    assert names == [layer.name for layer in theirs.layers]
    assert ours.name == theirs.name
    assert ours.input_names == theirs.input_names
    assert ours.output_names == theirs.output_names
    for index, name in enumerate(names):
        assert ours.get_layer(name) is ours.layers[index]
        assert ours.get_layer(index=index) is ours.layers[index]
    with pytest.raises(ValueError, match="no_such_layer"):
        ours.get_layer("no_such_layer")
