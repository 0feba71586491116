"""Checks for lesson 11 (save, load and extend). Each prints a one-line bilingual verdict
(see verdict.py).

    check_1(calls_from_config)  reading JSON: which (layer, node index) every call of every
                                layer takes, from a config dict alone; while it runs, fnapi
                                cannot draw a model from a config (deserialize is off)
    check_2(LayerNorm)          the capstone: a new layer (weights, shape rule, call, config)
                                that works in a graph, goes through a `.keras` file without
                                `custom_objects`, and computes what Keras's
                                LayerNormalization computes; Keras's own layer and op are off
    check_3(weight_paths)       where each weight lives in the file, by structure: fnapi's
                                own structure walk and weights writer are off

The test models are built here with explicit names (`t11_...`), so running a check does not
shift the automatic names (`dense_1`, ...) of the layers in the learner's notebook.
"""
import json
import os
import sys
import tempfile

import fnapi  # first: it keeps TensorFlow's start-up logs out
import fnapi.saving
import numpy as np
import tensorflow as tf

from exercises.verdict import (Wrong, call_learner, check, forbidden, layer_class,
                               watch_returns)
from fnapi.graph import is_symbolic
from fnapi.layers import (LSTM, Conv2D, Dense, Dropout, Embedding, Flatten, Input, MaxPooling2D,
                          add, concatenate)


def check_1(calls_from_config):
    """`calls_from_config(config)` -> {layer name: [[(inbound layer, node index), ...], ...]},
    one inner list per call."""
    return check("练习 1 / Exercise 1", _test_calls_from_config, calls_from_config)


def check_2(layer_norm_class):
    """`LayerNorm(epsilon=1e-3)`: Keras's LayerNormalization over the last axis, written anew."""
    return check("练习 2 / Exercise 2", _test_layer_norm, layer_norm_class)


def check_3(weight_paths):
    """`weight_paths(model)` -> {path in model.weights.h5: tf.Variable}, for every weight."""
    return check("练习 3 / Exercise 3", _test_weight_paths, weight_paths)


# --- exercise 1: the graph in the JSON --------------------------------------------------
def _vision(size=8, name="t11_vision"):
    image = Input((size, size, 1), name=f"{name}_in")
    x = Conv2D(2, (3, 3), name=f"{name}_conv")(image)
    x = Flatten(name=f"{name}_flat")(MaxPooling2D((2, 2), name=f"{name}_pool")(x))
    return fnapi.Model(image, x, name=name)


class _Gate(fnapi.layers.Layer):
    """`inputs * sigmoid(gate)`: a layer whose second tensor comes by keyword."""

    def call(self, inputs, gate=None):
        return inputs * tf.sigmoid(gate)


def _calls_cases():
    # The shared LSTM of lessons 4 and 5, at other sizes.
    a, b = Input((4, 3), name="t11_tweet_a"), Input((4, 3), name="t11_tweet_b")
    lstm = LSTM(2, name="t11_lstm")
    merged = concatenate([lstm(a), lstm(b)], name="t11_merge")
    shared_lstm = fnapi.Model([a, b], Dense(1, name="t11_same")(merged), name="t11_shared_lstm")

    # A nested model called on two images (lesson 8): its two calls, 0 and 1.
    vision = _vision()
    left, right = Input((8, 8, 1), name="t11_left"), Input((8, 8, 1), name="t11_right")
    joined = concatenate([vision(left), vision(right)], name="t11_join")
    two_images = fnapi.Model([left, right], Dense(1, name="t11_same_digit")(joined),
                             name="t11_two_images")

    # A model built on the *second* call of a shared layer: inside it, that call is node 0.
    x, y = Input((3,), name="t11_x"), Input((3,), name="t11_y")
    twice = Dense(3, name="t11_twice")
    twice(x)
    second = fnapi.Model(y, Dense(1, name="t11_after")(twice(y)), name="t11_second_call")

    # A diamond, a constant argument (training=True), a tensor passed by keyword, and one
    # tensor twice in one call.
    z = Input((4,), name="t11_z")
    trunk = Dense(4, name="t11_trunk")(z)
    noisy = Dropout(0.5, seed=1, name="t11_dropout")(trunk, training=True)
    left_branch, right_branch = Dense(4, name="t11_left_branch"), Dense(4, name="t11_right_branch")
    total = add([left_branch(noisy), right_branch(trunk)], name="t11_add")
    gated = _Gate(name="t11_gate")(trunk, gate=total)
    three = concatenate([gated, trunk, gated], name="t11_three")
    diamond = fnapi.Model(z, Dense(2, name="t11_out")(three), name="t11_diamond")
    return [shared_lstm, two_images, second, diamond]


def _graph_calls(model):
    """The reference, from the live graph: for every layer, the calls this model runs, each
    as the (layer, node index) of its input tensors, indices counted inside this model."""
    runs = set(model._nodes)

    def index_in_model(tensor):
        layer = tensor.history[0]
        if tensor.node.is_input:
            return 0
        return [n for n in layer._inbound_nodes if n in runs].index(tensor.node)

    return {layer.name: [[(t.history[0].name, index_in_model(t)) for t in node.input_tensors]
                         for node in layer._inbound_nodes if node in runs]
            for layer in model.layers}


_NO_REBUILD = ("calls_from_config 让 fnapi 从配置重新画出了模型（from_config、model_from_json 或 "
               "load_model）：这个练习是直接读 JSON 里的 inbound_nodes。",
               "calls_from_config had fnapi draw the model again from the config (from_config, "
               "model_from_json or load_model): the exercise is to read inbound_nodes in the "
               "JSON itself.")


def _pairs(call):
    """A call as a list of (name, index), or None if it is not shaped like that."""
    if not isinstance(call, (list, tuple)):
        return None
    pairs = []
    for pair in call:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return None
        pairs.append((pair[0], pair[1]))
    return pairs


def _test_calls_from_config(calls_from_config):
    from fnapi.layers import config as layer_config
    from fnapi.models import functional_config

    cases = [(model, json.dumps(model.get_config())) for model in _calls_cases()]
    with forbidden(layer_config, "deserialize", _NO_REBUILD), \
            forbidden(functional_config, "functional_from_config", _NO_REBUILD):
        for model, text in cases:
            got = call_learner(calls_from_config, f"calls_from_config({model.name})",
                               json.loads(text))
            _compare_calls(model, got, _graph_calls(model))
    return ("对：每一次调用的每个输入都写成 keras_history = [层, 节点索引, 张量索引]，"
            "节点索引数的是这个模型里的调用。",
            "Right: every input of every call is written as keras_history = [layer, node index, "
            "tensor index], and node indices count the calls inside this model.")


def _compare_calls(model, got, want):
    if not isinstance(got, dict):
        raise Wrong(f"应返回字典 {{层名: [每次调用的 [(输入层, 节点索引), ...]]}}，得到 "
                    f"{type(got).__name__}。", "Return a dict {layer name: [[(inbound layer, "
                    f"node index), ...] for each call]}}, got a {type(got).__name__}.")
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        raise Wrong(f"在模型 {model.name} 里，键应是 config['layers'] 里每个层的名字（Input 层也算，"
                    f"它的值是 []）：缺少 {missing}，多出 {extra}。",
                    f'In model {model.name}, the keys should be the name of every layer in '
                    f"config['layers'] (Input layers too, with []): missing {missing}, extra "
                    f"{extra}.")
    for name, calls in want.items():
        value = got[name]
        if not isinstance(value, (list, tuple)):
            raise Wrong(f"“{name}”的值应是一个列表，每次调用一项，得到 {value!r}。",
                        f'The value for "{name}" should be a list with one entry per call, got '
                        f"{value!r}.")
        if len(value) != len(calls):
            raise Wrong(f"在模型 {model.name} 里，{name} 被调用了 {len(calls)} 次（inbound_nodes 有 "
                        f"{len(calls)} 项），得到 {len(value)} 项。每次调用是一个列表。",
                        f'In model {model.name}, {name} is called {len(calls)} time(s) '
                        f"(inbound_nodes has {len(calls)} entries), got {len(value)} entries. "
                        "Each call is one list.")
        for i, (want_call, got_call) in enumerate(zip(calls, value)):
            pairs = _pairs(got_call)
            if pairs is None:
                three = isinstance(got_call, (list, tuple)) and got_call and isinstance(
                    got_call[0], (list, tuple)) and len(got_call[0]) == 3
                raise Wrong(f"{name} 的第 {i} 次调用应是 [(输入层, 节点索引), ...]，得到 "
                            f"{got_call!r}。" + ("去掉张量索引（keras_history 的第三个数）。"
                                                 if three else ""),
                            f"Call {i} of {name} should be [(inbound layer, node index), ...], "
                            f"got {got_call!r}." + (" Leave out the tensor index (the third "
                                                    "number of keras_history)." if three else ""))
            if pairs != want_call:
                raise Wrong(f"在模型 {model.name} 里，{name} 的第 {i} 次调用应是 {want_call}，得到 "
                            f"{pairs}。找出 args 和 kwargs 里所有 class_name 为 "
                            "'__keras_tensor__' 的字典（列表里也要找），按出现的顺序。",
                            f'In model {model.name}, call {i} of {name} should be {want_call}, '
                            f"got {pairs}. Find every dict whose class_name is "
                            "'__keras_tensor__' in args and kwargs (inside lists too), in order.")


# --- exercise 2: the capstone, a layer of your own ---------------------------------------
_NO_KERAS_NORM = ("LayerNorm 用了 Keras 的 LayerNormalization（或 keras.ops.layer_normalization）："
                  "请用 TensorFlow 的运算自己算均值和方差。",
                  "LayerNorm used Keras's LayerNormalization (or keras.ops.layer_normalization): "
                  "compute the mean and variance yourself with TensorFlow's operations.")
_EPSILON = 0.01


def _keras_guards():
    import keras

    guards = [forbidden(keras.layers.LayerNormalization, "call", _NO_KERAS_NORM),
              forbidden(keras.ops, "layer_normalization", _NO_KERAS_NORM)]
    if "tf_keras" in sys.modules:  # Keras 2, if the learner imported it
        guards.append(forbidden(sys.modules["tf_keras"].layers.LayerNormalization, "call",
                                _NO_KERAS_NORM))
    return guards


def _keras_layer_norm(x, gamma, beta):
    import keras

    reference = keras.layers.LayerNormalization(epsilon=_EPSILON)
    reference.build(x.shape)
    reference.set_weights([gamma, beta])
    return np.asarray(reference(x))


def _norm_data():
    rng = np.random.default_rng(11)
    x = rng.normal(3.0, 2.0, (4, 5, 6)).astype("float32")
    x[0, 0] = 5.0 + 0.01 * rng.normal(size=6)  # a nearly constant row: epsilon matters here
    gamma = rng.uniform(0.5, 1.5, 6).astype("float32")
    beta = rng.normal(0.0, 0.5, 6).astype("float32")
    return x, gamma, beta


def _test_layer_norm(layer_norm_class):
    layer_class(layer_norm_class, "LayerNorm")
    x, gamma, beta = _norm_data()
    want = _keras_layer_norm(x, gamma, beta)  # before Keras's layer is switched off
    guards = _keras_guards()
    for guard in guards:
        guard.__enter__()
    try:
        return _test_own_norm(layer_norm_class, x, gamma, beta, want)
    finally:
        for guard in reversed(guards):
            guard.__exit__(None, None, None)


def _test_own_norm(cls, x, gamma, beta, want):
    layer = watch_returns(call_learner(lambda: cls(epsilon=_EPSILON, name="t11_norm"),
                                       f"LayerNorm(epsilon={_EPSILON})"))
    inputs = Input((5, 6), name="t11_norm_in")
    out = call_learner(layer, "LayerNorm(...)(Input(shape=(5, 6)))", inputs)
    if not is_symbolic(out) or out.shape != (None, 5, 6):
        raise Wrong(f"在形状 (None, 5, 6) 的符号张量上调用，应返回同样形状的符号张量，得到 "
                    f"{getattr(out, 'shape', out)}：归一化不改变形状。",
                    "Called on a symbolic tensor of shape (None, 5, 6) it should return a "
                    f"symbolic tensor of the same shape, got {getattr(out, 'shape', out)}: "
                    "normalizing does not change the shape.")
    _expect_gamma_beta(layer)
    _expect_sizes_from_input(cls)
    layer.set_weights([gamma, beta])
    got = call_learner(layer, "layer(x)", x)
    if tuple(np.shape(got)) != x.shape:
        raise Wrong(f"在形状 {x.shape} 的数据上调用，输出形状应相同，得到 {tuple(np.shape(got))}。",
                    f"Called on data of shape {x.shape}, the output should have the same "
                    f"shape, got {tuple(np.shape(got))}.")
    _compare_norm(np.asarray(got), want, x, gamma, beta)
    config = _expect_config(layer)
    _round_trip(cls, config, gamma, beta)
    return ("毕业作品完成：权重、形状规则、计算和配置都是你写的；它能放进图里，存进 .keras 文件再读回来，"
            "并且与 Keras 的 LayerNormalization 算得一样。",
            "Capstone done: the weights, shape rule, math and config are yours; it works in a "
            "graph, goes into a .keras file and back, and computes what Keras's "
            "LayerNormalization computes.")


def _expect_gamma_beta(layer):
    weights = layer.weights
    shapes = [tuple(w.shape) for w in weights]
    if shapes != [(6,), (6,)]:
        raise Wrong(f"对最后一维为 6 的输入，应有两个形状为 (6,) 的权重：先 gamma，后 beta；得到 "
                    f"{shapes}。在 build 里用 add_weight 创建它们。",
                    "For inputs whose last axis is 6 there should be two weights of shape (6,): "
                    f"gamma first, then beta; got {shapes}. Create them in build with "
                    "add_weight.")
    if not all(w.trainable for w in weights):
        raise Wrong("gamma 和 beta 都应是可训练的。", "gamma and beta should both be trainable.")
    start = layer.get_weights()
    if not (np.all(start[0] == 1) and np.all(start[1] == 0)):
        raise Wrong("新建的层应该什么都不改：gamma 从 1 开始（initializer='ones'），beta 从 0 开始"
                    "（'zeros'），和 Keras 一样。",
                    "A new layer should change nothing: gamma starts at ones "
                    "(initializer='ones') and beta at zeros ('zeros'), as in Keras.")


def _expect_sizes_from_input(cls):
    """gamma and beta take their size from the input, not from the 6 features used above."""
    other = call_learner(lambda: cls(epsilon=_EPSILON, name="t11_norm_4"),
                         f"LayerNorm(epsilon={_EPSILON})")
    call_learner(other, "LayerNorm(...)(Input(shape=(3, 4)))", Input((3, 4), name="t11_norm_in4"))
    shapes = [tuple(w.shape) for w in other.weights]
    if shapes != [(4,), (4,)]:
        raise Wrong(f"对最后一维为 4 的输入，gamma 和 beta 的形状应是 (4,)，得到 {shapes}：在 build 里"
                    "用 input_shape[-1]，不要写死大小。",
                    f"For inputs whose last axis is 4, gamma and beta should have shape (4,), got "
                    f"{shapes}: use input_shape[-1] in build, not a fixed size.")


def _compare_norm(got, want, x, gamma, beta):
    gap = np.abs(got - want)
    if gap.max() < 1e-5:
        return
    x = x.astype("float64")
    centred, variance = x - x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    mistakes = [
        (centred / np.sqrt(variance) * gamma + beta, _NO_EPSILON),
        (centred / (np.sqrt(variance) + _EPSILON) * gamma + beta, _NO_EPSILON),
        (centred / np.sqrt(variance + 1e-3) * gamma + beta, _NO_EPSILON),
        (centred / np.sqrt(variance + _EPSILON), _NO_AFFINE),
        (centred / np.sqrt(x.var(-1, ddof=1, keepdims=True) + _EPSILON) * gamma + beta,
         _SAMPLE_VARIANCE),
    ]
    for output, hint in mistakes:
        if np.abs(got - output).max() < 1e-4:
            raise Wrong(*hint)
    raise Wrong(f"数值与 Keras 的 LayerNormalization 不一致（最大差 {gap.max():.3g}）。"
                "均值和方差都沿最后一维（axis=-1, keepdims=True）计算，方差用总体方差（除以 n）。",
                "The numbers differ from Keras's LayerNormalization (largest gap "
                f"{gap.max():.3g}). Take the mean and variance over the last axis (axis=-1, "
                "keepdims=True); the variance is the population variance (divide by n).")


_NO_EPSILON = (f"epsilon 没用对：它加在方差上，再开平方根，(x - 均值) / sqrt(方差 + epsilon)，"
               f"而且用的是构造函数给的 epsilon（这里是 {_EPSILON}）。",
               "epsilon is not used as it should be: it goes on the variance, under the square "
               "root, (x - mean) / sqrt(variance + epsilon), and it is the constructor's epsilon "
               f"(here {_EPSILON}).")
_NO_AFFINE = ("归一化对了，但没有用上 gamma 和 beta：输出 = 归一化的值 * gamma + beta。",
              "The normalization is right but gamma and beta are not applied: output = "
              "normalized * gamma + beta.")
_SAMPLE_VARIANCE = ("方差要除以 n（总体方差，tf.nn.moments 或 tf.math.reduce_variance 就是），"
                    "不是 n - 1。", "Divide the variance by n (the population variance, as "
                    "tf.nn.moments or tf.math.reduce_variance compute it), not by n - 1.")


def _expect_config(layer):
    config = call_learner(layer.get_config, "LayerNorm.get_config()")
    if not isinstance(config, dict):
        raise Wrong(f"get_config() 应返回字典，得到 {type(config).__name__}。",
                    f"get_config() should return a dict, got a {type(config).__name__}.")
    if config.get("name") != "t11_norm":
        raise Wrong("get_config() 里没有层的名字：从 super().get_config() 开始，再加上自己的参数。",
                    "get_config() lacks the layer's name: start from super().get_config() and "
                    "add your own arguments.")
    if config.get("epsilon") != _EPSILON:
        raise Wrong(f"get_config() 应包含构造函数的参数 epsilon（这里是 {_EPSILON}），得到 "
                    f"{config.get('epsilon', '没有这个键')}。",
                    f"get_config() should hold the constructor's argument epsilon (here "
                    f"{_EPSILON}), got {config.get('epsilon', 'no such key')}.")
    try:
        json.dumps(config)
    except TypeError as error:
        raise Wrong(f"get_config() 的值要能写进 JSON：{error}。",
                    f"get_config()'s values must be JSON-serializable: {error}.") from None
    return config


def _round_trip(cls, config, gamma, beta):
    inputs = Input((5, 6), name="t11_file_in")
    norm = cls(epsilon=_EPSILON, name="t11_file_norm")
    model = fnapi.Model(inputs, Dense(3, name="t11_file_head")(norm(inputs)), name="t11_file")
    norm.set_weights([gamma, beta])
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "layer_norm.keras")
    try:
        try:
            model.save(path)
        except Exception as error:  # noqa: BLE001 (the learner's get_config or build)
            raise Wrong(f"保存模型时出错：{type(error).__name__}: {str(error)[:200]}",
                        f"Saving the model raised {type(error).__name__}: "
                        f"{str(error)[:200]}") from None
        try:
            loaded = fnapi.models.load_model(path)
        except ValueError as error:
            if "Could not locate class" in str(error):
                raise Wrong("文件读不回来：加载时找不到你的类。用 "
                            "@register_serializable(package='my_course') 注册它（不用 custom_objects "
                            "也能加载）。",
                            "The file does not load: loading cannot find your class. Register "
                            "it with @register_serializable(package='my_course'), so that it "
                            "loads without custom_objects.") from None
            raise Wrong(f"加载文件时出错：{str(error)[:200]}",
                        f"Loading the file raised: {str(error)[:200]}") from None
    finally:
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
    restored = loaded.get_layer("t11_file_norm")
    if type(restored) is not cls:
        raise Wrong(f"读回来的层是 {type(restored).__name__}，不是你的类。",
                    f"The layer read back is a {type(restored).__name__}, not your class.")
    if restored.get_config().get("epsilon") != _EPSILON:
        raise Wrong("读回来的层 epsilon 不对：from_config 把配置交给 __init__，__init__ 要把 epsilon "
                    "存下来。", "The layer read back has the wrong epsilon: from_config passes "
                    "the config to __init__, which must keep epsilon.")
    x = _norm_data()[0]
    if not np.array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0)):
        raise Wrong("读回来的模型预测不同：检查 gamma、beta 是否在 build 里用 add_weight 创建。",
                    "The model read back predicts differently: check that gamma and beta are "
                    "created with add_weight in build.")


# --- exercise 3: where the weights live ----------------------------------------------------
_OWN_PATHS = ("weight_paths 用了 fnapi 自己的结构遍历或写文件的代码（saved_tree、save_weights、"
              "save）：这个练习就是自己写出这些路径。",
              "weight_paths used fnapi's own structure walk or file writer (saved_tree, "
              "save_weights, save): the exercise is to work the paths out yourself.")


def _paths_cases():
    # Names that lie: this Dense is called "t11_lstm" and this LSTM "t11_dense".
    words = Input((5,), dtype="int32", name="t11_words")
    x = Embedding(12, 4, name="t11_conv")(words)
    x = LSTM(3, name="t11_dense")(x)
    x = Dense(2, name="t11_lstm")(Dense(4, name="t11_embedding")(x))
    liars = fnapi.Model(words, x, name="t11_liars")

    # Created outer-first, run inner-first: names follow creation, paths follow the graph.
    image = Input((8, 8, 1), name="t11_image")
    made_first = Conv2D(2, (3, 3), name="t11_conv_made_first")
    x = made_first(Conv2D(2, (3, 3), name="t11_conv_made_second")(image))
    x = MaxPooling2D((2, 2), name="t11_pool")(x)
    x = Dense(1, name="t11_score")(Flatten(name="t11_flat")(x))
    convs = fnapi.Model(image, x, name="t11_convs")

    # A nested model, called twice, between layers of the same class outside it.
    vision = _vision(name="t11_eye")
    left, right = Input((8, 8, 1), name="t11_l"), Input((8, 8, 1), name="t11_r")
    conv_outside = Conv2D(1, (3, 3), name="t11_conv_outside")
    outside = Flatten(name="t11_flat_outside")(conv_outside(left))
    joined = concatenate([vision(left), vision(right), outside], name="t11_joined")
    nested = fnapi.Model([left, right], Dense(1, name="t11_verdict")(joined), name="t11_nested")
    return [liars, convs, nested]


def _test_weight_paths(weight_paths):
    from fnapi.layers import saved_tree
    from fnapi.layers.weights import WeightsMixin
    from fnapi.saving import keras_file, weights_h5

    cases = [(model, dict(saved_tree.weight_paths(model))) for model in _paths_cases()]
    guards = [forbidden(saved_tree, name, _OWN_PATHS) for name in
              ("saved_tree", "variable_groups", "weight_paths", "state_paths", "_counted_names")]
    guards += [forbidden(weights_h5, "write", _OWN_PATHS),
               forbidden(keras_file, "save_model", _OWN_PATHS),
               forbidden(WeightsMixin, "_saved_children", _OWN_PATHS),
               forbidden(WeightsMixin, "_variable_groups", _OWN_PATHS),
               forbidden(LSTM, "_variable_groups", _OWN_PATHS),
               forbidden(fnapi.models.functional.Functional, "_saved_children", _OWN_PATHS)]
    for guard in guards:
        guard.__enter__()
    try:
        for model, want in cases:
            got = call_learner(weight_paths, f"weight_paths({model.name})", model)
            _compare_paths(model, got, want)
    finally:
        for guard in reversed(guards):
            guard.__exit__(None, None, None)
    return ("对：路径由层的类和它在 model.layers 里的位置决定，与名字无关。所以同样结构的模型，"
            "名字不同也能互相加载权重。",
            "Right: a path comes from the layer's class and its position in model.layers, not "
            "from its name. So a model of the same structure loads the weights whatever its "
            "names.")


def _compare_paths(model, got, want):
    if not isinstance(got, dict):
        raise Wrong(f"应返回字典 {{路径: tf.Variable}}，得到 {type(got).__name__}。",
                    f"Return a dict {{path: tf.Variable}}, got a {type(got).__name__}.")
    name_of = {id(v): p for p, v in want.items()}
    for path, variable in got.items():
        if id(variable) not in name_of:
            raise Wrong(f"在模型 {model.name} 里，{path!r} 对应的不是这个模型的某个权重（tf.Variable 对象本身），"
                        f"得到 {variable!r:.80}。",
                        f'In model {model.name}, {path!r} maps to something that is not one of '
                        f"the model's weights (the tf.Variable objects themselves): "
                        f"{variable!r:.80}.")
    for path, variable in want.items():
        if path not in got:
            guess = next((p for p, v in got.items() if v is variable), None)
            by_name = guess is not None and variable.name.split("/")[0] in guess
            raise Wrong(f"在模型 {model.name} 里，{variable.name} 应在 {path!r}，"
                        + (f"你给的是 {guess!r}。" if guess else "你没有给出它。")
                        + ("路径不用层的名字，而用它的类（snake_case）和在同类层中的序号。"
                           if by_name else "提示：每个类分别计数（dense、dense_1…），LSTM 的权重在 "
                           "cell/vars 下，嵌套的模型是一个 functional 文件夹，里面又有自己的 layers/。"),
                        f'In model {model.name}, {variable.name} belongs at {path!r}, '
                        + (f"you gave {guess!r}. " if guess else "you did not give it. ")
                        + ("Paths do not use the layer's name, but its class (in snake_case) and "
                           "its number among layers of that class." if by_name else
                           "Hint: each class is counted on its own (dense, dense_1, ...), an "
                           "LSTM's weights are under cell/vars, and a nested model is a "
                           "functional folder with its own layers/ inside."))
        if got[path] is not variable:
            other = got[path]
            raise Wrong(f"在模型 {model.name} 里，{path!r} 应是 {variable.name}，得到 {other.name}"
                        f"（它应在 {name_of[id(other)]!r}）。同类的层按 model.layers 的顺序计数，"
                        "vars/i 按 layer.weights 的顺序编号。",
                        f"In model {model.name}, {path!r} should be {variable.name}, got "
                        f"{other.name} (which belongs at {name_of[id(other)]!r}). Layers of one "
                        "class are counted in model.layers order, and vars/i follow the order "
                        "of layer.weights.")
    extra = sorted(set(got) - set(want))
    if extra:
        raise Wrong(f"在模型 {model.name} 里多出了路径 {extra}。", f'In model {model.name}, there are '
                    f"extra paths {extra}.")
