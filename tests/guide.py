"""The guide's code, read from `lessons/guide_zh.md`, so that tests run it *verbatim*.

A retyped copy could drift from the guide without anyone noticing; reading the
Markdown cannot. The same blocks run on fnapi (the word `keras` replaced by `fnapi`)
and on real Keras (unchanged), which is how the tests get their expected numbers.

Not a test file: a helper for the tests that run the guide. `facts` reduces what a
section built to plain data (shapes, sizes, names), so that libraries can be compared.
"""
import pathlib
import re

import tensorflow as tf

GUIDE = pathlib.Path(__file__).resolve().parents[1] / "lessons" / "guide_zh.md"

# These tests are about graphs, so every block stops at its first training call
# (compile / fit / evaluate / predict). Flip this one switch to run the blocks whole;
# the guide's training lines then need fnapi.training and take ~30 s at its full sizes.
RUN_TRAINING = False
_TRAINING_CALL = re.compile(r"^\s*(\w+\s*=\s*)?\w+\.(compile|fit|evaluate|predict)\(")

# Short keys for the guide's headings, so tests do not spell out the Chinese titles.
SECTIONS = {
    "dense": "例一：全连接网络",
    "model_as_layer": "所有的模型都可调用，就像网络层一样",
    "multi_io": "多输入多输出模型",
    "shared_lstm": "共享网络层",
    "nodes": "层「节点」的概念",
    "inception": "Inception 模型",
    "residual": "卷积层上的残差连接",
    "shared_vision": "共享视觉模型",
    "vqa": "视觉问答模型",
    "video_qa": "视频问答模型",
}

# What a section takes for granted from earlier reading: sections to run first in the
# same namespace, and import lines (`{lib}` is the library's module name).
PREREQUISITES = {"model_as_layer": ["dense"], "video_qa": ["vqa"]}
PRELUDE = {"nodes": "from {lib}.layers import Input, LSTM, Conv2D"}
# Sections that draw a graph without wrapping it in a Model: its (input, output) names.
UNWRAPPED = {"inception": ("input_img", "output"), "residual": ("x", "z")}
# The names the guide's `fit` lines use without defining them (only with RUN_TRAINING).
TRAINING_DATA = {
    "dense": "data = np.random.rand(8, 784); labels = np.eye(10)[np.arange(8) % 10]",
    "shared_lstm": ("data_a = np.random.rand(4, 280, 256); data_b = np.random.rand(4, 280, 256)"
                    "; labels = np.random.randint(0, 2, (4, 1))"),
}


def _read():
    """{heading: [(language, code), ...]} for every fenced block under each heading.

    Read line by line: a `# comment` inside a code block is not a heading.
    """
    sections, title, block = {}, None, None
    for line in GUIDE.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            if block is None:
                block = (line[3:].strip(), [])
            else:
                sections[title].append((block[0], "".join(block[1])))
                block = None
        elif block is not None:
            block[1].append(line)
        elif heading := re.match(r"#{1,6} +(.+)", line):
            title = heading.group(1).strip()
            sections[title] = []
    return sections


def text_blocks(key):
    """The section's blocks that are not code (e.g. an error message the guide shows)."""
    return [text for lang, text in _read()[SECTIONS[key]] if lang != "python"]


def code_blocks(key, lib="fnapi"):
    """The section's ```python blocks for `lib`, cut before training calls (RUN_TRAINING)."""
    blocks = []
    for lang, code in _read()[SECTIONS[key]]:
        if lang != "python":
            continue
        code = re.sub(r"\bkeras\b", lib, code)
        if not RUN_TRAINING:
            lines = code.splitlines()
            cut = next((i for i, line in enumerate(lines) if _TRAINING_CALL.match(line)),
                       len(lines))
            code = "\n".join(lines[:cut]) + "\n"
        blocks.append(code)
    return blocks


def clear_session(module):
    """Restart automatic names (`dense`, `dense_1`, ...) in fnapi, keras or tf_keras."""
    # fnapi and Keras 3 have `utils.clear_session`; tf_keras (Keras 2) has it in `backend`.
    (getattr(module.utils, "clear_session", None) or module.backend.clear_session)()


def namespace(key, lib="fnapi"):
    """A fresh namespace holding what the guide assumes before `key`: the library, its
    earlier sections' results, fresh automatic names (as in a new notebook).

    `lib` is "fnapi", "keras" (Keras 3) or "tf_keras" (Keras 2, the guide's own Keras).
    """
    module = __import__(lib)
    clear_session(module)
    ns = {lib: module, "np": __import__("numpy")}
    for earlier in PREREQUISITES.get(key, []):
        run(earlier, lib, ns)
    if key in PRELUDE:
        exec(PRELUDE[key].format(lib=lib), ns)
    return ns


def run(key, lib="fnapi", ns=None):
    """Run every (possibly cut) block of section `key` in one namespace; return it."""
    ns = namespace(key, lib) if ns is None else ns
    if RUN_TRAINING and key in TRAINING_DATA:
        exec(TRAINING_DATA[key], ns)
    for code in code_blocks(key, lib):
        exec(compile(code, f"<guide {key} ({lib})>", "exec"), ns)
    return ns


def is_model(value):
    return not isinstance(value, type) and hasattr(value, "layers") and hasattr(value, "outputs")


def models(key, ns, lib="fnapi"):
    """{name: model} of a section; one that stops at tensors gets `Model(input, output)`."""
    found = {name: value for name, value in ns.items() if is_model(value)}
    if key in UNWRAPPED:
        inputs, outputs = UNWRAPPED[key]
        found["model"] = ns[lib].Model(ns[inputs], ns[outputs])
    return found


def facts(ns):
    """What a guide section built, as plain data comparable across libraries.

    For each symbolic tensor: shape, dtype, and the class and size of the layer that made
    it. For each model: sizes, input/output shapes, its layers' classes and sizes, and
    (Keras 2 style) names.
    """
    found = {}
    for name, value in ns.items():
        if isinstance(value, type) or name.startswith("__"):
            continue
        if is_model(value):
            found[name] = {
                "params": value.count_params(),
                "inputs": [tuple(t.shape) for t in value.inputs],
                "outputs": [tuple(t.shape) for t in value.outputs],
                "layers": [(kind(layer), layer.count_params()) for layer in value.layers],
                "names": [layer.name for layer in value.layers],
                "input_names": getattr(value, "input_names", None),
                "output_names": getattr(value, "output_names", None),
            }
        elif hasattr(value, "_keras_history") or hasattr(value, "history"):
            layer = (getattr(value, "_keras_history", None) or value.history)[0]
            found[name] = {"shape": tuple(value.shape), "dtype": tf.as_dtype(value.dtype).name,
                           "made_by": (kind(layer), layer.count_params())}
    return found


def kind(layer):
    """A layer's class; Keras calls a functional model `Functional`, fnapi `Model`."""
    name = type(layer).__name__
    return "Model" if name == "Functional" else name


def summary_text(model):
    """`model.summary()` as one string, on lines wide enough not to wrap."""
    lines = []
    model.summary(line_length=250, print_fn=lambda line, *args, **kwargs: lines.append(line))
    return "\n".join(lines)
