"""Checks for lesson 02 (every model is callable): `ex.check_1(MyTimeDistributed)`,
`ex.check_2(replay)`, `ex.check_3(seven_counter)`. Each prints a one-line bilingual verdict
(see verdict.py).

What each check holds the answer to:
- MyTimeDistributed is the learner's own: fnapi's TimeDistributed is switched off while it
  runs, and subclassing it is refused. Only public API and lesson 01 are needed (the inner
  layer builds itself on its first call; its weights are the wrapper's because it is kept in
  an attribute; building it with the wrapper waits for lesson 10).
- replay cannot ask the model, nor a new Model built on its tensors, to run the graph; one
  model calls a layer with two tensors and a constant, so a replay must use each node's call
  arguments as recorded (`node.call_args`, `node.call_kwargs`, `node.fill_in`).
- seven_counter is TimeDistributed over a digit classifier, scored on sequences of exam
  digits (exam.py), which the notebook never loads.
"""
import numpy as np
import tensorflow as tf

from exercises import exam
from exercises.verdict import (ReturnedNone, Wrong, call_learner, check, expect_model, forbidden,
                               layer_class, watch_returns, without_model_call)

MAX_ERROR = 0.5


def check_1(wrapper_class):
    """`MyTimeDistributed(layer)`: the reshape trick, checked against fnapi's TimeDistributed."""
    return check("练习 1 / Exercise 1", _test_time_distributed, wrapper_class)


def check_2(replay):
    """`replay(model, x)`: a single-input, single-output graph with branches, replayed by hand."""
    return check("练习 2 / Exercise 2", _test_replay, replay)


def check_3(model):
    """`seven_counter`: counts the sevens in 20-digit sequences of exam digits, mean absolute
    error < 0.5."""
    return check("练习 3 / Exercise 3", _test_seven_counter, model)


def _random_weights(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.weights])


# --- exercise 1 -------------------------------------------------------------------------
_NO_TIME_DISTRIBUTED = ("MyTimeDistributed 用了 fnapi 的 TimeDistributed：请自己写 reshape 技巧。",
                        "MyTimeDistributed used fnapi's TimeDistributed: write the reshape trick "
                        "yourself.")


def _compare_wrapped(wrapper_class, inner, steps, features, seed):
    import fnapi
    from fnapi.layers import TimeDistributed

    reference = TimeDistributed(inner)
    want_shape = reference.compute_output_shape((None, steps, features))
    x = np.random.default_rng(seed).normal(size=(3, steps, features)).astype("float32")
    reference(x)  # builds the inner layer
    _random_weights(inner, seed)
    want = reference(x).numpy()
    with forbidden(TimeDistributed, "call", _NO_TIME_DISTRIBUTED), \
            forbidden(TimeDistributed, "compute_output_shape", _NO_TIME_DISTRIBUTED):
        _compare_alone(wrapper_class, inner, x, want, tuple(want_shape))


def _compare_alone(wrapper_class, inner, x, want, want_shape):
    import fnapi

    steps, features = x.shape[1:]
    wrapper = watch_returns(call_learner(wrapper_class, "MyTimeDistributed(layer)", inner))
    sequences = fnapi.Input(shape=(steps, features))
    out = call_learner(wrapper, f"MyTimeDistributed(layer)(Input(shape=({steps}, {features})))",
                       sequences)
    if tuple(out.shape) != want_shape:
        raise Wrong(f"输入形状 (None, {steps}, {features}) 时输出形状应为 {want_shape}，得到 {out.shape}。"
                    "compute_output_shape：先对 (batch, *每一步的形状) 用内层的形状规则，再把时间维插回第 1 维。",
                    f"For input shape (None, {steps}, {features}) the output shape should be {want_shape}, got "
                    f"{out.shape}. compute_output_shape: apply the inner rule to (batch, *step shape), then put "
                    "the time axis back at position 1.")
    if wrapper.trainable_weights and {id(w) for w in wrapper.trainable_weights} != {
            id(w) for w in inner.trainable_weights}:
        raise Wrong("包装层自己创建了权重：它只用内层的权重，自己不需要 add_weight。",
                    "The wrapper created weights of its own: it only uses the inner layer's, so "
                    "it needs no add_weight.")
    got = call_learner(wrapper, "layer(x)", x)
    if tuple(np.shape(got)) != want.shape:
        raise Wrong(f"在形状 {x.shape} 的数据上，输出形状应为 {want.shape}，得到 {tuple(np.shape(got))}。",
                    f"On data of shape {x.shape} the output shape should be {want.shape}, got {tuple(np.shape(got))}.")
    if not np.allclose(np.asarray(got), want, atol=1e-5):
        raise Wrong("数值不对：把 (batch, time, ...) reshape 成 (batch * time, ...)，调用内层，再 reshape 回 "
                    "(batch, time, ...)。",
                    "The numbers are wrong: reshape (batch, time, ...) to (batch * time, ...), call the inner "
                    "layer, then reshape back to (batch, time, ...).")
    model = fnapi.Model(sequences, out)
    try:
        compiled = model.predict(x)
    except Wrong:
        raise
    except Exception:  # noqa: BLE001 (e.g. `.numpy()` on a graph tensor)
        compiled = None
    if compiled is None or not np.allclose(compiled, want, atol=1e-5):
        raise Wrong("直接调用时对了，但放进模型里用 predict（编译成图）时不对。call 里不要用 NumPy，要用 tf.reshape。",
                    "Right when called directly, wrong inside a model's predict (compiled to a graph). Use "
                    "tf.reshape, not NumPy, in call.")


def _test_time_distributed(wrapper_class):
    import fnapi

    layer_class(wrapper_class, "MyTimeDistributed", forbidden_bases=(fnapi.layers.TimeDistributed,))
    _compare_wrapped(wrapper_class, fnapi.layers.Dense(3, activation="tanh"), 5, 4, seed=3)
    small_in = fnapi.Input(shape=(6,))
    small = fnapi.Model(small_in, fnapi.layers.Dense(2, activation="softmax")(
        fnapi.layers.Dense(4, activation="relu")(small_in)))
    _compare_wrapped(wrapper_class, small, 7, 6, seed=4)
    return ("你的 TimeDistributed 与 fnapi 的一致：形状规则和 reshape 技巧都对，模型里编译成图也能用。",
            "Your TimeDistributed matches fnapi's: the shape rule and the reshape trick are right, "
            "also compiled inside a model.")


# --- exercise 2 -------------------------------------------------------------------------
_NO_MODEL_CALL = ("不要让模型自己跑图（model(...)、predict、_run_graph，或在它的张量上新建一个 Model）："
                  "要按 model._nodes 的顺序自己调用每个节点的层。",
                  "Do not let a model run the graph (model(...), predict, _run_graph, or a new Model "
                  "on its tensors): call each node's layer yourself, in the order of model._nodes.")


def _mix_class():
    """A learner-style layer called with two tensors and a constant: `Mix()(a, b, weight=w)`."""
    import fnapi

    class Mix(fnapi.layers.Layer):
        """`weight * a + (1 - weight) * b`."""

        def call(self, a, b, weight=0.5):
            return weight * a + (1.0 - weight) * b

    Mix.__qualname__, Mix.call.__qualname__ = "Mix", "Mix.call"  # as messages name them
    return Mix


def _branching_models():
    import fnapi
    from fnapi.layers import Dense, add, concatenate

    inputs = fnapi.Input(shape=(6,))
    a = Dense(4, activation="relu")(inputs)
    b = Dense(3, activation="tanh")(inputs)
    c = concatenate([a, b])
    d = add([Dense(5, activation="relu")(c), Dense(5)(c)])
    diamond = fnapi.Model(inputs, Dense(2, activation="softmax")(d))
    _random_weights(diamond, 5)

    outer_in = fnapi.Input(shape=(6,))
    nested = fnapi.Model(outer_in, Dense(3)(diamond(outer_in)))  # a model used as a layer
    _random_weights(nested, 6)

    mix_in = fnapi.Input(shape=(6,))
    mixed = _mix_class()(name="mix")(Dense(4, activation="relu")(mix_in), Dense(4)(mix_in),
                                      weight=0.25)               # two tensors and a constant
    mixing = fnapi.Model(mix_in, Dense(2)(mixed))
    _random_weights(mixing, 7)
    return [diamond, nested, mixing]


_CALL_AS_RECORDED = ("每个节点要按记录下来的样子重放：node.call_args 和 node.call_kwargs 是这次调用的参数"
                     "（张量、常数都在），node.fill_in(lambda t: values[id(t)]) 把其中的符号张量换成值，"
                     "然后 node.layer(*args, **kwargs)。",
                     "Replay each node as it was recorded: node.call_args and node.call_kwargs are "
                     "the call's arguments (tensors and constants alike); node.fill_in(lambda t: "
                     "values[id(t)]) puts the values in place of the symbolic tensors; then "
                     "node.layer(*args, **kwargs).")


def _test_replay(replay):
    x = np.random.default_rng(8).normal(size=(4, 6)).astype("float32")
    for model in _branching_models():
        want = model(x).numpy()
        try:
            got = np.asarray(without_model_call(model, replay, x, _NO_MODEL_CALL))
        except Wrong as wrong:
            has_mix = "mix" in [layer.name for layer in model.layers]
            if isinstance(wrong, ReturnedNone) or wrong.en == _NO_MODEL_CALL[1] or not has_mix:
                raise
            raise Wrong(f"{wrong.zh} 这个模型的 mix 层是这样调用的：mix(a, b, weight=0.25)。{_CALL_AS_RECORDED[0]}",
                        f"{wrong.en} This model's mix layer was called as mix(a, b, weight=0.25). "
                        f"{_CALL_AS_RECORDED[1]}") from None
        if got.shape != want.shape:
            raise Wrong(f"输出形状应为 {want.shape}，得到 {got.shape}。", f"The output shape should be {want.shape}, got {got.shape}.")
        if not np.allclose(got, want, atol=1e-5):
            raise Wrong(f"数值不对。{_CALL_AS_RECORDED[0]}", f"The numbers are wrong. {_CALL_AS_RECORDED[1]}")
    return ("你重放了有分支、有嵌套模型、有常数参数的图：这就是 _run_graph 做的事。",
            "You replayed graphs with branches, a nested model and a constant argument: exactly "
            "what _run_graph does.")


# --- exercise 3 -------------------------------------------------------------------------
def seven_sequences(n=300, steps=20, seed=11):
    """Sequences of exam images with uniformly random digits; target: how many are sevens."""
    x_test, y_test = exam.digits()
    rng = np.random.default_rng(seed)
    by_digit = [np.flatnonzero(y_test == d) for d in range(10)]
    digits = rng.integers(0, 10, size=(n, steps))
    picks = np.array([[rng.choice(by_digit[d]) for d in row] for row in digits])
    x = x_test[picks].reshape(n, steps, 784).astype("float32") / 255
    return x, (digits == 7).sum(axis=1)


def _test_seven_counter(model):
    import fnapi

    expect_model(model, "seven_counter")
    wrapped = [layer for layer in model.layers if isinstance(layer, fnapi.layers.TimeDistributed)]
    if not wrapped or not isinstance(wrapped[0].layer, fnapi.Model):
        raise Wrong("要用 TimeDistributed 把训练好的数字分类模型用在每一帧上。",
                    "Use TimeDistributed to apply the trained digit classifier to every frame.")
    if len(model.inputs) != 1 or tuple(model.inputs[0].shape) != (None, 20, 784):
        raise Wrong("模型应只有一个输入 Input(shape=(20, 784))。", "The model should have one input, Input(shape=(20, 784)).")
    if len(model.outputs) != 1 or tuple(model.outputs[0].shape) != (None, 1):
        raise Wrong("模型应只有一个形状为 (None, 1) 的输出（Dense(1)）。", "The model should have one output of shape (None, 1) (Dense(1)).")
    x, counts = seven_sequences()
    error = float(np.mean(np.abs(call_learner(model.predict, "seven_counter.predict(...)", x)[:, 0]
                                 - counts)))
    if error >= MAX_ERROR:
        raise Wrong(f"平均绝对误差 {error:.2f}，要小于 {MAX_ERROR}。Dense(1) 的 kernel 形状是 (200, 1)："
                    "哪些行对应“第 t 帧是 7 的概率”？它们该取什么值？其余的行和 bias 呢？",
                    f"Mean absolute error {error:.2f}; it must be below {MAX_ERROR}. The Dense(1) kernel has shape "
                    "(200, 1): which rows hold \"frame t is a 7\"? What should they be? And the other rows, "
                    "and the bias?")
    return (f"在考试数字组成的新序列上平均绝对误差 {error:.2f}：一个没有训练过的头，只靠把“是 7 的概率”加起来就会数数。",
            f"Mean absolute error {error:.2f} on new sequences of exam digits: an untrained head counts, "
            "just by adding up the probabilities of \"is a 7\".")
