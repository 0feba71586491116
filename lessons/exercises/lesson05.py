"""Checks for lesson 05 (layer nodes): `ex.check_1(shape_table)`, `ex.check_2(walk_back)`,
`ex.check_3(node_indices)`. Each prints a one-line bilingual verdict (see verdict.py).
While check_2 runs, fnapi's own graph walk (map_graph, and so Model(...)) is switched off.

The test graphs are built here with explicit names (`t5_...`), so running a check does not
shift the automatic names (`dense_1`, ...) of the layers in the learner's notebook.
"""
from exercises.verdict import ReturnedNone, Wrong, call_learner, check, forbidden


def check_1(shape_table):
    """`shape_table(layer)` -> {node_index: (input_shape, output_shape)} for every call."""
    return check("练习 1 / Exercise 1", _test_shape_table, shape_table)


def check_2(walk_back):
    """`walk_back(tensor)` -> the Nodes `tensor` depends on, parents first, each once."""
    return check("练习 2 / Exercise 2", _test_walk_back, walk_back)


def check_3(node_indices):
    """`node_indices(model, layer)` -> the node indices of `layer` that `model` runs."""
    return check("练习 3 / Exercise 3", _test_node_indices, node_indices)


def _name(node):
    return f"{node.layer.name}[{node.index}]"


def _as_tuples(shape):
    """A shape, or a list of shapes (a merge layer's input), as nested tuples."""
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return tuple(tuple(s) for s in shape)
    return tuple(shape) if isinstance(shape, (list, tuple)) else shape


# --- exercise 1 -------------------------------------------------------------------------
def _shape_cases():
    from fnapi.layers import LSTM, Concatenate, Conv2D, Dense, Input

    a, b = Input((5, 3), name="t5_a"), Input((5, 3), name="t5_b")
    lstm = LSTM(4, name="t5_lstm")
    lstm(a), lstm(b)
    small, big = Input((8, 8, 3), name="t5_small"), Input((12, 12, 3), name="t5_big")
    conv = Conv2D(2, (3, 3), name="t5_conv")
    conv(small), conv(big)
    dense = Dense(6, name="t5_dense")
    x = dense(Input((4,), name="t5_x"))
    merge = Concatenate(name="t5_concat")
    merge([x, Input((2,), name="t5_y")])
    return [
        (lstm, {0: ((None, 5, 3), (None, 4)), 1: ((None, 5, 3), (None, 4))}),
        (conv, {0: ((None, 8, 8, 3), (None, 6, 6, 2)), 1: ((None, 12, 12, 3), (None, 10, 10, 2))}),
        (dense, {0: ((None, 4), (None, 6))}),
        (merge, {0: (((None, 6), (None, 2)), (None, 8))}),
    ]


def _test_shape_table(shape_table):
    for layer, want in _shape_cases():
        try:
            got = shape_table(layer)
        except NotImplementedError:
            raise
        except AttributeError as error:  # the classic mistake gets its own explanation
            raise Wrong(f"对层 {layer.name} 调用时出现 AttributeError（{error}）。一个层有多个节点时，"
                        "`.input_shape` 可能没有定义；请用 `layer.get_input_shape_at(i)` 逐个节点去取。",
                        f"Calling it on layer {layer.name} raised AttributeError ({error}). When a layer "
                        "has several nodes, `.input_shape` may be undefined; ask each node with "
                        "`layer.get_input_shape_at(i)`.")
        except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
            raise Wrong(f"shape_table({layer.name}) 出错：{type(error).__name__}: {error}",
                        f"shape_table({layer.name}) raised {type(error).__name__}: {error}")
        if got is None:
            raise ReturnedNone(f"shape_table({layer.name})")
        if not isinstance(got, dict):
            raise Wrong(f"应返回字典 {{节点索引: (输入形状, 输出形状)}}，得到的是 {type(got).__name__}。",
                        "Return a dict {node_index: (input_shape, output_shape)}, got a "
                        f"{type(got).__name__}.")
        if sorted(got) != sorted(want):
            raise Wrong(f"层 {layer.name} 被调用了 {len(want)} 次，键应为 {sorted(want)}，得到 {sorted(got)}。"
                        "节点索引从 0 开始，可用 `len(layer._inbound_nodes)` 数节点。",
                        f"Layer {layer.name} was called {len(want)} time(s), so the keys should be "
                        f"{sorted(want)}, got {sorted(got)}. Node indices start at 0; "
                        "`len(layer._inbound_nodes)` counts the nodes.")
        for index, (want_in, want_out) in want.items():
            value = got[index]
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                raise Wrong(f"每个值应是一对 (输入形状, 输出形状)，{layer.name} 的节点 {index} 得到 {value!r}。",
                            f"Each value should be a pair (input_shape, output_shape); node {index} "
                            f"of {layer.name} gave {value!r}.")
            got_in, got_out = _as_tuples(value[0]), _as_tuples(value[1])
            if (got_in, got_out) == (want_out, want_in):
                raise Wrong("输入形状和输出形状放反了：先输入，后输出。",
                            "Input and output shapes are swapped: input first, then output.")
            if got_in != want_in:
                raise Wrong(f"{layer.name} 节点 {index} 的输入形状应为 {want_in}，得到 {got_in}。",
                            f"The input shape of {layer.name} at node {index} should be {want_in}, "
                            f"got {got_in}.")
            if got_out != want_out:
                raise Wrong(f"{layer.name} 节点 {index} 的输出形状应为 {want_out}，得到 {got_out}。",
                            f"The output shape of {layer.name} at node {index} should be {want_out}, "
                            f"got {got_out}.")
    return ("每个节点的形状都对：共享的 LSTM、两种尺寸的 Conv2D、以及输入是一个列表的 Concatenate。",
            "Every node's shapes are right: the shared LSTM, the Conv2D at two sizes, and the "
            "Concatenate whose input is a list.")


# --- exercise 2 -------------------------------------------------------------------------
def _ancestors(tensor):
    """The reference answer: every node `tensor` depends on, by a walk with a visited set."""
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for parent in node.input_tensors:
            visit(parent.node)
        order.append(node)

    visit(tensor.node)
    return order


def _walk_cases():
    from fnapi.layers import Dense, Input, add, concatenate

    x = Input((3,), name="t5_chain_in")
    chain = Dense(2, name="t5_chain_2")(Dense(4, name="t5_chain_1")(x))

    a, b = Input((3,), name="t5_a_in"), Input((3,), name="t5_b_in")
    shared = Dense(4, name="t5_shared")
    encoded_a, encoded_b = shared(a), shared(b)
    merged = concatenate([encoded_a, encoded_b], name="t5_merge")
    same = Dense(1, name="t5_head")(merged)

    z = Input((4,), name="t5_diamond_in")
    trunk = Dense(4, name="t5_trunk")(z)
    left = Dense(4, name="t5_left")(trunk)
    right = Dense(4, name="t5_right")(trunk)
    diamond = Dense(1, name="t5_out")(add([left, right], name="t5_add"))
    return [("chain", chain), ("shared", same), ("one call of a shared layer", encoded_a),
            ("diamond", diamond), ("Input", x)]


_OWN_WALK = ("walk_back 用了 fnapi 自己的图遍历（map_graph 或新建一个 Model）：这个练习就是要自己写它。",
             "walk_back used fnapi's own graph walk (map_graph, or a new Model): the exercise is to "
             "write it yourself.")


def _test_walk_back(walk_back):
    from fnapi.models import functional, graph_map

    cases = _walk_cases()
    with forbidden(graph_map, "map_graph", _OWN_WALK), forbidden(functional, "map_graph", _OWN_WALK):
        return _test_own_walk(walk_back, cases)


def _test_own_walk(walk_back, cases):
    from fnapi.graph import Node

    for label, tensor in cases:
        got = call_learner(walk_back, f"walk_back({tensor.name})", tensor)
        if not isinstance(got, list):
            raise Wrong(f"应返回由 Node 组成的列表，得到 {type(got).__name__}。",
                        f"Return a list of Node objects, got a {type(got).__name__}.")
        if not all(isinstance(n, Node) for n in got):
            bad = next(n for n in got if not isinstance(n, Node))
            raise Wrong(f"列表里应全是 Node（例如 `tensor.node`），却有 {bad!r}。",
                        f"The list should hold Node objects (such as `tensor.node`), but it has {bad!r}.")
        want = _ancestors(tensor)
        twice = [n for i, n in enumerate(got) if n in got[:i]]
        if twice:
            raise Wrong(f"在“{label}”图里节点 {_name(twice[0])} 出现了不止一次。两条路径汇合到同一个节点时，"
                        "要记住哪些节点已经访问过（用一个 set）。",
                        f'In the "{label}" graph node {_name(twice[0])} appears more than once. When two '
                        "paths meet at the same node, remember which nodes you have visited (a set).")
        missing = [_name(n) for n in want if n not in got]
        if missing:
            raise Wrong(f"在“{label}”图里漏掉了节点 {missing}。别忘了 Input 的节点，和每个节点的所有输入张量。",
                        f'In the "{label}" graph the nodes {missing} are missing. Remember the Input '
                        "nodes, and every input tensor of each node.")
        extra = [_name(n) for n in got if n not in want]
        if extra:
            raise Wrong(f"在“{label}”图里多出了节点 {extra}：它们不在这个张量的上游。"
                        "只沿着 `node.input_tensors` 往回走，不要遍历层的全部 `_inbound_nodes`。",
                        f'In the "{label}" graph you returned nodes {extra} that this tensor does not '
                        "depend on. Follow only `node.input_tensors` backwards, not every node in a "
                        "layer's `_inbound_nodes`.")
        position = {n: i for i, n in enumerate(got)}
        for node in got:
            for parent in node.parent_nodes:
                if position[parent] > position[node]:
                    raise Wrong(f"在“{label}”图里 {_name(node)} 排在它的输入 {_name(parent)} 前面。"
                                "要先放父节点：访问完一个节点的所有输入之后，再把它加入列表。",
                                f'In the "{label}" graph {_name(node)} comes before its input '
                                f"{_name(parent)}. Parents go first: append a node after visiting "
                                "all its inputs.")
    return ("图走对了：每个上游节点恰好一次，父节点在前。这正是 `Model(inputs, outputs)` 第一步做的事。",
            "A correct walk: every upstream node exactly once, parents first. This is what "
            "`Model(inputs, outputs)` does first.")


# --- exercise 3 -------------------------------------------------------------------------
def _index_cases():
    from fnapi.layers import Conv2D, Dense, Flatten, Input, concatenate
    from fnapi.models import Model

    small, big = Input((8, 8, 1), name="t5_small_img"), Input((12, 12, 1), name="t5_big_img")
    conv = Conv2D(2, (3, 3), name="t5_conv_shared")
    model_small = Model(small, Flatten(name="t5_flat_small")(conv(small)), name="t5_model_small")
    model_big = Model(big, Flatten(name="t5_flat_big")(conv(big)), name="t5_model_big")

    p, q, r = (Input((3,), name=f"t5_{n}_in") for n in "pqr")
    dense = Dense(2, name="t5_dense_thrice")
    first = dense(p)  # used by no model below
    Model(p, first, name="t5_model_first")
    both = Model([q, r], concatenate([dense(q), dense(r)], name="t5_cat"), name="t5_model_two")
    other = Dense(2, name="t5_dense_unused")
    other(Input((3,), name="t5_unused_in"))
    return [(model_small, conv, [0]), (model_big, conv, [1]), (both, dense, [1, 2]),
            (both, other, [])]


def _test_node_indices(node_indices):
    for model, layer, want in _index_cases():
        got = call_learner(node_indices, f"node_indices({model.name}, {layer.name})", model, layer)
        try:
            got = sorted(int(i) for i in got)
        except TypeError:
            raise Wrong(f"应返回由整数组成的列表，得到 {got!r}。",
                        f"Return a list of integers, got {got!r}.")
        if got == list(range(len(layer._inbound_nodes))) and got != want:
            raise Wrong(f"模型 {model.name} 里的 {layer.name} 应为 {want}，得到 {got}：这是该层的全部节点。"
                        "节点属于层，不属于模型；只保留这个模型运行的那些（在它的图里的）节点。",
                        f"For {layer.name} in model {model.name} the answer is {want}, got {got}: all "
                        "the layer's nodes. Nodes belong to the layer, not to a model; keep only those "
                        "the model runs (those in its graph).")
        if got != want:
            raise Wrong(f"模型 {model.name} 里的 {layer.name} 应为 {want}，得到 {got}。",
                        f"For {layer.name} in model {model.name} the answer is {want}, got {got}.")
    return ("对：节点索引是层的调用顺序，与模型无关；一个模型只用到其中一部分。",
            "Right: node indices count a layer's calls, whatever the model; a model uses some of them.")
