"""Checks for lesson 03 (multi-input, multi-output models). Each prints a one-line bilingual
verdict (see verdict.py). fnapi's own `per_output` (in objectives.py) is switched off while
check_1 runs: the exercise is to write it.

    check_1(per_output)         names -> positions: one value, a list or a dict, per output
    check_2(reached_layers)     a graph walk: which layers' weights one output's loss can train
    check_3(build_words_only)   a model: the headline model without its auxiliary input
"""
import numpy as np

import fnapi
from exercises.verdict import ReturnedNone, Wrong, call_learner, check, expect_model, forbidden
from fnapi.layers import LSTM, Dense, Embedding, Input, concatenate

NAMES = ["main_output", "aux_output"]


# --- exercise 1: one value per output ------------------------------------------------------
def _call(per_output, spec, names):
    try:
        result = per_output(spec, list(names))
    except (NotImplementedError, Wrong):
        raise
    except KeyError as error:
        raise Wrong(f"per_output({spec!r}, {names!r}) 抛出了 KeyError {error}：字典里没提到的输出应得到 "
                    "None（用 spec.get(name)）。",
                    f"per_output({spec!r}, {names!r}) raised KeyError {error}: an output the dict "
                    "does not mention should get None (use spec.get(name)).") from None
    except ValueError:
        raise
    except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
        raise Wrong(f"per_output({spec!r}, {names!r}) 出错：{type(error).__name__}: {error}",
                    f"per_output({spec!r}, {names!r}) raised {type(error).__name__}: {error}") from None
    if result is None:
        raise ReturnedNone(f"per_output({spec!r}, {names!r})")
    return result


def _expect_error(per_output, spec, names, zh, en):
    try:
        got = _call(per_output, spec, names)
    except ValueError:
        return
    raise Wrong(f"{zh}（得到 {got!r}，而不是 ValueError）",
                f"{en} (got {got!r} instead of a ValueError)")


def _test_per_output(per_output):
    got = _call(per_output, "binary_crossentropy", NAMES)
    if not isinstance(got, list):
        raise Wrong(f"应返回一个列表，每个输出一项，得到 {type(got).__name__}。",
                    f"Return a list with one item per output, got a {type(got).__name__}.")
    if got != ["binary_crossentropy"] * 2:
        raise Wrong(f"单个值用于每一个输出：'binary_crossentropy' 应得到 ['binary_crossentropy', "
                    f"'binary_crossentropy']，得到 {got!r}。",
                    "A single value applies to every output: 'binary_crossentropy' should give "
                    f"['binary_crossentropy', 'binary_crossentropy'], got {got!r}.")
    got = _call(per_output, [1.0, 0.2], NAMES)
    if got != [1.0, 0.2]:
        raise Wrong(f"列表已经按输出的顺序排好：[1.0, 0.2] 应原样返回，得到 {got!r}。",
                    f"A list is already in output order: [1.0, 0.2] should come back as it is, "
                    f"got {got!r}.")
    got = _call(per_output, {"aux_output": 0.2, "main_output": 1.0}, NAMES)
    if got == [0.2, 1.0]:
        raise Wrong("字典的顺序不算数：要按 names 的顺序取值（names[0] 是 main_output），而不是 "
                    "list(spec.values())。",
                    "A dict's own order does not count: take the values in the order of `names` "
                    "(names[0] is main_output), not list(spec.values()).")
    if got != [1.0, 0.2]:
        raise Wrong(f"{{'aux_output': 0.2, 'main_output': 1.0}} 应得到 [1.0, 0.2]，得到 {got!r}。",
                    f"{{'aux_output': 0.2, 'main_output': 1.0}} should give [1.0, 0.2], got {got!r}.")
    got = _call(per_output, {"main_output": "mse"}, NAMES)
    if got != ["mse", None]:
        raise Wrong(f"字典里没有提到的输出得到 None（fnapi 和 Keras 都如此：那个输出没有损失）。"
                    f"{{'main_output': 'mse'}} 应得到 ['mse', None]，得到 {got!r}。",
                    "An output the dict does not mention gets None (as in fnapi and Keras: that "
                    f"output has no loss). {{'main_output': 'mse'}} should give ['mse', None], "
                    f"got {got!r}.")
    _expect_error(per_output, {"main": 1.0}, NAMES,
                  "字典里有一个不存在的输出名 'main'：应抛出 ValueError，否则拼错的名字会被悄悄忽略。",
                  "The dict names an output 'main' that does not exist: raise ValueError, or a "
                  "misspelt name is silently ignored.")
    _expect_error(per_output, [1.0], NAMES,
                  "列表长度（1）与输出个数（2）不同：应抛出 ValueError。",
                  "The list has 1 item but there are 2 outputs: raise ValueError.")
    three = ["a", "b", "c"]
    got = _call(per_output, {"c": 3, "a": 1}, three)
    if got != [1, None, 3]:
        raise Wrong(f"换一组名字 ['a', 'b', 'c'] 试试：{{'c': 3, 'a': 1}} 应得到 [1, None, 3]，得到 {got!r}。",
                    f"With the names ['a', 'b', 'c']: {{'c': 3, 'a': 1}} should give [1, None, 3], "
                    f"got {got!r}.")
    return ("名字变成位置：一个值、列表、字典都变成按输出顺序排列的列表，拼错的名字会报错。",
            "Names become positions: one value, a list or a dict all become a list in output "
            "order, and a misspelt name is an error.")


_NO_LIBRARY = ("per_output 调用了 fnapi 自己的 objectives.per_output：这个练习就是要自己写它。",
               "per_output called fnapi's own objectives.per_output: the exercise is to write it "
               "yourself.")


def _test_own_per_output(per_output):
    from fnapi.training import objectives

    if per_output is objectives.per_output:
        raise Wrong(*_NO_LIBRARY)
    with forbidden(objectives, "per_output", _NO_LIBRARY):
        return _test_per_output(per_output)


def check_1(per_output):
    return check("练习 1 / Exercise 1", _test_own_per_output, per_output)


# --- exercise 2: which layers can an output's loss train? ------------------------------------
def _headline_like():
    """A small headline model (layer names start with ex2_, so they never clash)."""
    words = Input(shape=(7,), dtype="int32", name="ex2_main_input")
    lstm_out = LSTM(4, name="ex2_lstm")(Embedding(50, 8, name="ex2_embedding")(words))
    aux_out = Dense(1, activation="sigmoid", name="ex2_aux_output")(lstm_out)
    extra = Input(shape=(5,), name="ex2_aux_input")
    x = concatenate([lstm_out, extra], name="ex2_concatenate")
    x = Dense(8, activation="relu", name="ex2_dense")(x)
    x = Dense(8, activation="relu", name="ex2_dense_1")(x)
    main_out = Dense(1, activation="sigmoid", name="ex2_main_output")(x)
    return fnapi.Model([words, extra], [main_out, aux_out], name="ex2_headline")


def _weightless_output():
    """Two outputs: one through a Dense, one that only joins the inputs (no weights)."""
    x = Input(shape=(3,), name="ex2_x")
    y = Input(shape=(2,), name="ex2_y")
    scored = Dense(1, name="ex2_score")(x)
    joined = concatenate([x, y], name="ex2_joined")
    return fnapi.Model([x, y], [scored, joined], name="ex2_two")


def _reference_reached(model, output_name):
    tensor = model.outputs[model.output_names.index(output_name)]
    seen, stack, names = set(), [tensor], set()
    while stack:
        node = stack.pop().node
        if node in seen:
            continue
        seen.add(node)
        if node.layer.weights:
            names.add(node.layer.name)
        stack.extend(node.input_tensors)
    return names


def _as_names(result):
    if isinstance(result, str) or not isinstance(result, (set, list, tuple, frozenset)):
        raise Wrong("reached_layers 应返回层名的集合（或列表），例如 {'ex2_lstm', ...}。",
                    "reached_layers should return a set (or list) of layer names, e.g. "
                    "{'ex2_lstm', ...}.")
    names = set()
    for item in result:
        names.add(item.name if isinstance(item, fnapi.layers.Layer) else item)
    return names


def _test_reached(reached_layers):
    model = _headline_like()
    got = _as_names(call_learner(reached_layers, "reached_layers(model, 'ex2_aux_output')", model,
                                 "ex2_aux_output"))
    want = _reference_reached(model, "ex2_aux_output")
    if {"ex2_dense", "ex2_dense_1", "ex2_main_output"} & got:
        raise Wrong("辅助输出的损失够不到主输出那一支的 Dense 层：要从这一个输出往回走，而不是从所有输出。"
                    f"得到 {sorted(got)}。",
                    "The auxiliary output's loss cannot reach the Dense layers of the main branch: "
                    f"walk back from this one output, not from all outputs. Got {sorted(got)}.")
    if {"ex2_main_input", "ex2_aux_input", "ex2_concatenate"} & got:
        raise Wrong(f"只列出有权重的层（layer.weights 非空）；Input 和 concatenate 没有权重。得到 {sorted(got)}。",
                    "List only layers with weights (layer.weights not empty); Input and "
                    f"concatenate have none. Got {sorted(got)}.")
    if got != want:
        raise Wrong(f"对 ex2_aux_output 应得到 {sorted(want)}，得到 {sorted(got)}。提示：tensor.node "
                    "是产生它的节点，node.input_tensors 是它的输入。",
                    f"For ex2_aux_output expected {sorted(want)}, got {sorted(got)}. Hint: "
                    "tensor.node is the node that made it; node.input_tensors are its inputs.")
    got = _as_names(call_learner(reached_layers, "reached_layers(model, 'ex2_main_output')", model,
                                 "ex2_main_output"))
    want = _reference_reached(model, "ex2_main_output")
    if got != want:
        missing = sorted(want - got)
        raise Wrong(f"对 ex2_main_output 应得到 {sorted(want)}，得到 {sorted(got)}"
                    + (f"；漏了 {missing}：要一直走到模型的输入，穿过 concatenate。" if missing else "。"),
                    f"For ex2_main_output expected {sorted(want)}, got {sorted(got)}"
                    + (f"; missing {missing}: keep walking back to the model's inputs, through "
                       "concatenate." if missing else "."))
    two = _weightless_output()
    got = _as_names(call_learner(reached_layers, "reached_layers(model, 'ex2_joined')", two,
                                 "ex2_joined"))
    if got:
        raise Wrong(f"输出 ex2_joined 只是把两个输入连接起来，它的损失训练不了任何权重：应得到空集合，得到 {sorted(got)}。",
                    "The output ex2_joined only joins the two inputs, so its loss trains no weight: "
                    f"expected an empty set, got {sorted(got)}.")
    return ("从一个输出往回走，就知道它的损失能训练哪些层：辅助损失直达 LSTM 和 Embedding，绕过主输出那一支。",
            "Walking back from one output tells which layers its loss can train: the auxiliary "
            "loss reaches the LSTM and the Embedding directly, bypassing the main branch.")


def check_2(reached_layers):
    return check("练习 2 / Exercise 2", _test_reached, reached_layers)


# --- exercise 3: the model without its auxiliary input ---------------------------------------
def _words_only_params(vocab, seq_len, embed=32, units=32, hidden=64):
    lstm = 4 * units * (embed + units + 1)
    return (vocab * embed + lstm + (units + 1)          # embedding, LSTM, aux_output
            + (units * hidden + hidden) + 2 * (hidden * hidden + hidden) + (hidden + 1))


def _test_words_only(build_words_only):
    vocab, seq_len = 60, 9
    model = call_learner(build_words_only, f"build_words_only({vocab}, {seq_len})", vocab, seq_len)
    expect_model(model, "build_words_only(...)")
    if model.input_names != ["main_input"]:
        raise Wrong(f"只应有一个输入，名为 'main_input'，得到 {model.input_names}。去掉 aux_input，"
                    "并且不要把它留在 Model(inputs=...) 里。",
                    f"There should be one input, named 'main_input', got {model.input_names}. Drop "
                    "aux_input, also from Model(inputs=...).")
    words = model.inputs[0]
    if words.shape != (None, seq_len) or words.dtype.name != "int32":
        raise Wrong(f"输入应为形状 (None, {seq_len})、int32 的词编号，得到 {words.shape}、{words.dtype.name}。",
                    f"The input should be int32 word ids of shape (None, {seq_len}), got "
                    f"{words.shape}, {words.dtype.name}.")
    if model.output_names != NAMES:
        raise Wrong(f"输出应为 {NAMES}（按这个顺序，名字不变，这样字典形式的 fit 照样能用），得到 "
                    f"{model.output_names}。",
                    f"The outputs should be {NAMES} (in this order, same names, so the dict form "
                    f"of fit still works), got {model.output_names}.")
    if any(t.shape != (None, 1) for t in model.outputs):
        raise Wrong(f"两个输出的形状都应为 (None, 1)，得到 {[t.shape for t in model.outputs]}。",
                    f"Both outputs should have shape (None, 1), got {[t.shape for t in model.outputs]}.")
    want = _words_only_params(vocab, seq_len)
    if model.count_params() != want:
        raise Wrong(f"参数个数应为 {want:,}（与课上的模型相同：Embedding 32 维、LSTM(32)、三个 Dense(64)，"
                    f"只是第一个 Dense 少了 5 个辅助输入），得到 {model.count_params():,}。",
                    f"The parameter count should be {want:,} (the lesson's model: Embedding of 32, "
                    "LSTM(32), three Dense(64), only the first Dense has 5 fewer inputs), got "
                    f"{model.count_params():,}.")
    ids = np.random.default_rng(0).integers(1, vocab, (4, seq_len)).astype("int32")
    main, aux = (np.asarray(p) for p in model(ids))
    if main.min() < 0 or main.max() > 1 or aux.min() < 0 or aux.max() > 1:
        raise Wrong("两个输出都应是概率（sigmoid），在 0 和 1 之间。",
                    "Both outputs should be probabilities (sigmoid), between 0 and 1.")
    return ("只有词的模型：主输出只能看标题，看不到发布时间。训练它：主输出的测试准确率过不了 0.75，"
            "因为词只决定“会火”背后三件事中的一件。",
            "A words-only model: the main output sees the headline, not when it was posted. "
            "Train it: the main output's test accuracy cannot pass 0.75, because the words decide "
            "only one of the three facts behind 'popular'.")


def check_3(build_words_only):
    return check("练习 3 / Exercise 3", _test_words_only, build_words_only)
