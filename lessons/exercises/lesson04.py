"""Checks for lesson 04 (shared layers). Each prints a one-line bilingual verdict (see
verdict.py). check_3 runs with layer calls switched off: the count is worked out by hand.

    check_1(branch_gradients)   GradientTape: the shared LSTM's gradient, branch by branch
    check_2(build_symmetric)    a model: same author?, symmetric in its two tweets, able to compare
    check_3(count_weights)      how many weights sharing saves
"""
import numpy as np
import tensorflow as tf

import fnapi
from exercises.verdict import Wrong, call_learner, check, expect_model, forbidden
from fnapi.layers import LSTM, Dense


# --- exercise 1: the shared kernel's gradient, one branch at a time --------------------------
def _pieces(steps=5, chars=6, units=3, n=8):
    rng = np.random.default_rng(4)
    lstm, dense = LSTM(units), Dense(1, activation="sigmoid")
    xa = np.eye(chars, dtype="float32")[rng.integers(0, chars, (n, steps))]
    xb = np.eye(chars, dtype="float32")[rng.integers(0, chars, (n, steps))]
    y = (np.arange(n) % 2).astype("float32")[:, None]
    lstm(xa), dense(tf.zeros((1, 2 * units)))  # build both (weights from the global seed)
    rng_weights = np.random.default_rng(5)
    for layer in (lstm, dense):  # make the numbers independent of earlier random draws
        layer.set_weights([rng_weights.normal(0, 0.5, w.shape).astype("float32")
                           for w in layer.get_weights()])
    return lstm, dense, xa, xb, y


def _loss(lstm, dense, xa, xb, y, stop=None):
    ea, eb = lstm(xa), lstm(xb)
    if stop == "a":
        ea = tf.stop_gradient(ea)
    if stop == "b":
        eb = tf.stop_gradient(eb)
    p = dense(tf.concat([ea, eb], axis=-1))
    return tf.reduce_mean(fnapi.losses.binary_crossentropy(y, p))


def _reference(lstm, dense, xa, xb, y):
    grads = {}
    for stop in ("b", "a", None):
        with tf.GradientTape() as tape:
            loss = _loss(lstm, dense, xa, xb, y, stop)
        grads[stop] = tape.gradient(loss, lstm.kernel).numpy()
    return grads["b"], grads["a"], grads[None]


def _test_branch_gradients(branch_gradients):
    lstm, dense, xa, xb, y = _pieces()
    result = call_learner(branch_gradients, "branch_gradients(lstm, dense, xa, xb, y)",
                          lstm, dense, xa, xb, y)
    if not isinstance(result, (list, tuple)) or len(result) != 2:
        raise Wrong("应返回两个梯度 (grad_a, grad_b)。", "Return two gradients: (grad_a, grad_b).")
    if any(g is None for g in result):
        raise Wrong("有一个梯度是 None：损失要在磁带（GradientTape）里由 lstm(xa)、lstm(xb) 算出，"
                    "并对 lstm.kernel 求导。",
                    "One gradient is None: compute the loss from lstm(xa) and lstm(xb) inside the "
                    "GradientTape and differentiate it with respect to lstm.kernel.")
    grad_a, grad_b = (np.asarray(tf.convert_to_tensor(g)) for g in result)
    want_a, want_b, total = _reference(lstm, dense, xa, xb, y)
    if grad_a.shape != want_a.shape or grad_b.shape != want_b.shape:
        raise Wrong(f"梯度的形状应与 lstm.kernel 相同 {want_a.shape}，得到 {grad_a.shape} 和 "
                    f"{grad_b.shape}。",
                    f"The gradients should have lstm.kernel's shape {want_a.shape}, got "
                    f"{grad_a.shape} and {grad_b.shape}.")
    close = lambda u, v: np.allclose(u, v, atol=1e-6, rtol=1e-4)  # noqa: E731
    if close(grad_a, total) and close(grad_b, total):
        raise Wrong("两个都是总梯度：要让另一支不回传梯度，例如 eb = tf.stop_gradient(lstm(xb))。",
                    "Both are the total gradient: stop the other branch, e.g. "
                    "eb = tf.stop_gradient(lstm(xb)).")
    if close(grad_a, want_b) and close(grad_b, want_a):
        raise Wrong("两个梯度顺序反了：grad_a 是只经过推文 a 那一支的梯度（停住 b）。",
                    "The two are swapped: grad_a is the gradient through tweet a's branch only "
                    "(stop b).")
    if not close(grad_a, want_a):
        raise Wrong("grad_a 不对：损失是平均二元交叉熵，只有 lstm(xa) 那一支带梯度。",
                    "grad_a is wrong: the loss is the mean binary cross-entropy, and only the "
                    "lstm(xa) branch carries gradient.")
    if not close(grad_b, want_b):
        raise Wrong("grad_a 对了，grad_b 不对：这次停住 a 那一支。",
                    "grad_a is right, grad_b is not: this time stop branch a.")
    return ("两支各自的梯度加起来正是共享 kernel 的总梯度："
            f"max |grad_a + grad_b - total| < 1e-6: {bool(np.abs(grad_a + grad_b - total).max() < 1e-6)}。",
            "The two branches' gradients add up to the shared kernel's total gradient: "
            f"max |grad_a + grad_b - total| < 1e-6: {bool(np.abs(grad_a + grad_b - total).max() < 1e-6)}.")


def check_1(branch_gradients):
    return check("练习 1 / Exercise 1", _test_branch_gradients, branch_gradients)


# --- exercise 2: a symmetric model that can compare -----------------------------------------
def _lstm_layers(model):
    return [layer for layer in model.layers if isinstance(layer, LSTM)]


def _logit(p):
    p = np.clip(np.asarray(p, dtype="float64"), 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def _test_symmetric(build_symmetric):
    steps, chars = 6, 5
    model = call_learner(build_symmetric, f"build_symmetric({steps}, {chars})", steps, chars)
    expect_model(model, "build_symmetric(...)")
    if len(model.inputs) != 2 or any(t.shape != (None, steps, chars) for t in model.inputs):
        raise Wrong(f"模型应有两个形状为 (None, {steps}, {chars}) 的输入，得到 "
                    f"{[t.shape for t in model.inputs]}。",
                    f"The model should have two inputs of shape (None, {steps}, {chars}), got "
                    f"{[t.shape for t in model.inputs]}.")
    if len(model.outputs) != 1 or model.outputs[0].shape != (None, 1):
        raise Wrong(f"模型应有一个形状为 (None, 1) 的输出，得到 {[t.shape for t in model.outputs]}。",
                    f"The model should have one output of shape (None, 1), got "
                    f"{[t.shape for t in model.outputs]}.")
    lstms = _lstm_layers(model)
    if len(lstms) != 1:
        raise Wrong(f"应只有一个 LSTM 层（共享的编码器），得到 {len(lstms)} 个。",
                    f"There should be exactly one LSTM layer (the shared encoder), found {len(lstms)}.")
    calls = [n for n in model._nodes if n.layer is lstms[0]]
    if len(calls) != 2:
        raise Wrong(f"这个 LSTM 应在模型里被调用两次（每条推文一次），实际 {len(calls)} 次。",
                    f"The LSTM should be called twice in the model (once per tweet), found "
                    f"{len(calls)} call(s).")
    rng = np.random.default_rng(0)
    batch = 6
    a, b, a2, b2 = (np.eye(chars, dtype="float32")[rng.integers(0, chars, (batch, steps))]
                    for _ in range(4))
    ab, ba = np.asarray(model([a, b])), np.asarray(model([b, a]))
    if ab.min() < 0 or ab.max() > 1:
        raise Wrong("输出应是概率（最后一层用 sigmoid），在 0 和 1 之间。",
                    "The output should be a probability (a sigmoid last), between 0 and 1.")
    if not np.allclose(ab, ba, atol=1e-5):
        raise Wrong("交换两条推文后输出变了：concatenate([ea, eb]) 与顺序有关。让头部对两种顺序都算一次"
                    "（共享头部！）再相加，或者先用 add 合并。",
                    "Swapping the two tweets changed the output: concatenate([ea, eb]) depends on "
                    "the order. Run a head on both orders (share the head!) and add, or merge with "
                    "add first.")
    # Additive test: a model that scores g(a) + g(b) satisfies
    # f(a, b) + f(a2, b2) == f(a, b2) + f(a2, b) for the logits, and cannot compare.
    lhs = _logit(ab) + _logit(model([a2, b2]))
    rhs = _logit(model([a, b2])) + _logit(model([a2, b]))
    if np.abs(lhs - rhs).max() < 1e-4:
        raise Wrong("模型对称了，但它的打分是 g(a) + g(b)（例如 add 之后直接接 Dense(1)）：和课上的"
                    "模型一样无法比较两条推文。合并之后先加一个带 relu 的隐藏层。",
                    "The model is symmetric, but it scores g(a) + g(b) (e.g. add followed directly "
                    "by Dense(1)): like the guide's model, it cannot compare two tweets. Put a "
                    "hidden relu layer after the merge.")
    return ("对称（交换推文，输出不变），并且能比较两条推文：它不是 g(a) + g(b) 的形式。",
            "Symmetric (swap the tweets, same output) and able to compare them: it is not of "
            "the form g(a) + g(b).")


def check_2(build_symmetric):
    return check("练习 2 / Exercise 2", _test_symmetric, build_symmetric)


# --- exercise 3: what sharing saves -----------------------------------------------------------
def _params(units, chars, shared):
    lstm = 4 * units * (chars + units + 1)
    return (1 if shared else 2) * lstm + (2 * units + 1)


_BY_HAND = ("请用公式算，不要搭模型再数（检查时层不能调用）。",
            "Work it out with the formula; do not build a model and count (layers cannot be "
            "called while this check runs).")


def _test_count_weights(count_weights):
    with forbidden(fnapi.layers.Layer, "__call__", _BY_HAND), \
            forbidden(fnapi.layers.Layer, "count_params", _BY_HAND):
        return _count_by_hand(count_weights)


def _count_by_hand(count_weights):
    cases = [(64, 256), (32, 40), (8, 3)]
    for units, chars in cases:
        got_shared = call_learner(count_weights, f"count_weights({units}, {chars}, True)",
                                  units, chars, True)
        got_two = call_learner(count_weights, f"count_weights({units}, {chars}, False)",
                               units, chars, False)
        want_shared, want_two = _params(units, chars, True), _params(units, chars, False)
        if got_shared == want_shared and got_two == want_two:
            continue
        lstm = 4 * units * (chars + units + 1)
        if got_shared == lstm or got_shared == want_shared - (2 * units + 1):
            raise Wrong("别忘了最后的 Dense(1)：它的输入是两个编码连接起来（2 × units），还有 1 个偏置。",
                        "Do not forget the final Dense(1): its input is both encodings joined "
                        "(2 x units), plus 1 bias.")
        if got_shared != want_shared:
            raise Wrong(f"共享时，units={units}、chars={chars} 应为 {want_shared:,}，得到 {got_shared}。"
                        "LSTM 有 4 个门，每个门看输入和上一步的输出：4 × units × (chars + units + 1)。",
                        f"Shared, units={units}, chars={chars} should give {want_shared:,}, got "
                        f"{got_shared}. An LSTM has 4 gates, each looking at the input and the last "
                        "output: 4 x units x (chars + units + 1).")
        if got_two == want_shared:
            raise Wrong("不共享时有两个 LSTM，各有一套权重：LSTM 的部分要算两次。",
                        "Unshared, there are two LSTMs, each with its own weights: count the LSTM "
                        "part twice.")
        raise Wrong(f"不共享时，units={units}、chars={chars} 应为 {want_two:,}，得到 {got_two}。",
                    f"Unshared, units={units}, chars={chars} should give {want_two:,}, got {got_two}.")
    return (f"对：指南的模型共享时 {_params(64, 256, True):,} 个权重，不共享要 {_params(64, 256, False):,} 个。",
            f"Right: the guide's model has {_params(64, 256, True):,} weights shared, "
            f"{_params(64, 256, False):,} unshared.")


def check_3(count_weights):
    return check("练习 3 / Exercise 3", _test_count_weights, count_weights)
