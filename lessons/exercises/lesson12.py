"""Checks for lesson 12 (data pipelines and more devices). Each prints a one-line bilingual
verdict (see verdict.py).

    check_1(halves)              a generator of batches for a model with two inputs
    check_2(logged_loss)         the weighted loss fit logs for an epoch, by hand
    check_3(summed_gradients)    one step on two replicas: strategy.run and all_reduce

No shortcuts: check_1 reads the generator itself (its structure, every number it yields, and
that it cuts one batch at a time), then lets fnapi's evaluate read it as data; check_2 runs
with fnapi's objectives and evaluate switched off; check_3 lets the model run only inside
`strategy.run` of the check's MirroredStrategy, on each replica's share of the batch, and
compares the summed gradient with the one-device gradient of the whole batch.
"""
import contextlib
import inspect
import logging
import warnings

import numpy as np
import tensorflow as tf

import fnapi
from exercises.verdict import Wrong, call_learner, check, forbidden
from fnapi.layers import Dense, Input, concatenate
from fnapi.training.objectives import Objectives
from fnapi.training.trainer import Trainer


# --- exercise 1: a generator of batches for two inputs ----------------------------------------
def _expected_batches(images, labels, batch_size):
    """((top, bottom), one-hot targets) per batch, from the images as they are now."""
    batches = []
    for start in range(0, len(images), batch_size):
        chunk = images[start:start + batch_size].astype("float32") / 255
        rows = len(chunk)
        batches.append(((chunk[:, :14].reshape(rows, 392), chunk[:, 14:].reshape(rows, 392)),
                        np.eye(10, dtype="float32")[labels[start:start + batch_size]]))
    return batches


_END = object()


def _next_batch(generator, number):
    """The generator's next batch (or _END), its errors turned into verdicts."""
    try:
        batch = next(generator, _END)
    except (NotImplementedError, Wrong):
        raise
    except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
        message = f"{type(error).__name__}: {error}"[:300]
        raise Wrong(f"读第 {number} 批时出错：{message}",
                    f"Reading batch {number} raised {message}") from None
    if batch is None:
        raise Wrong(f"第 {number} 批是 None：用 `yield ((top, bottom), targets)` 交出每一批。",
                    f"Batch {number} is None: hand out each batch with "
                    "`yield ((top, bottom), targets)`.")
    return batch


def _as_floats(value, what):
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise Wrong(f"{what} 应该是数字数组，得到 {type(value).__name__}。",
                    f"{what} should be an array of numbers, got a {type(value).__name__}.")
    return array


def _two_inputs(x, number):
    if isinstance(x, dict):
        if sorted(x) != ["bottom", "top"]:
            raise Wrong(f"第 {number} 批的输入字典应有 'top' 和 'bottom' 两个键，得到 {sorted(x)}。",
                        f"Batch {number}'s input dict should have the keys 'top' and 'bottom', "
                        f"got {sorted(x)}.")
        return x["top"], x["bottom"]
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise Wrong(f"第 {number} 批的输入部分应是两个数组 (top, bottom)：模型有两个输入。",
                    f"The input part of batch {number} should be two arrays (top, bottom): the "
                    "model has two inputs.")
    return x


def _read_batch(batch, number):
    """-> (top, bottom, targets) as arrays, or a verdict on the structure."""
    if isinstance(batch, (tuple, list)) and len(batch) == 3 and \
            all(np.ndim(part) == 2 and np.shape(part)[-1] == 392 for part in batch[:2]):
        raise Wrong("每一批是 (top, bottom, targets) 三个部分：按 Keras 的规则，它会被读成 "
                    "(x, y, sample_weight)！把两个输入放进自己的元组：((top, bottom), targets)。",
                    "Each batch is (top, bottom, targets), three parts: by Keras's rule that reads "
                    "as (x, y, sample_weight)! Put the two inputs in a tuple of their own: "
                    "((top, bottom), targets).")
    if not isinstance(batch, (tuple, list)) or len(batch) != 2:
        raise Wrong(f"第 {number} 批应是一个二元组 ((top, bottom), targets)，得到 "
                    f"{type(batch).__name__}。",
                    f"Batch {number} should be a pair ((top, bottom), targets), got a "
                    f"{type(batch).__name__}.")
    x, targets = batch
    top, bottom = _two_inputs(x, number)
    return (_as_floats(top, "top"), _as_floats(bottom, "bottom"),
            _as_floats(targets, "targets"))


def _compare(got, want, number, first_values):
    (top, bottom, targets), ((want_top, want_bottom), want_targets) = got, want
    rows = len(want_targets)
    for name, array in (("top", top), ("bottom", bottom)):
        if array.shape != (rows, 392):
            raise Wrong(f"第 {number} 批的 {name} 形状应为 ({rows}, 392)（14 行 × 28 列像素，展平），"
                        f"得到 {array.shape}。",
                        f"Batch {number}'s {name} should have shape ({rows}, 392) (14 rows x 28 "
                        f"columns of pixels, flattened), got {array.shape}.")
    if targets.shape == (rows,):
        raise Wrong("目标是数字编号；模型用 categorical_crossentropy，要独热向量："
                    "np.eye(10, dtype='float32')[labels]。",
                    "The targets are digit ids; the model uses categorical_crossentropy, which "
                    "needs one-hot vectors: np.eye(10, dtype='float32')[labels].")
    if targets.shape != (rows, 10):
        raise Wrong(f"第 {number} 批的目标形状应为 ({rows}, 10)，得到 {targets.shape}。",
                    f"Batch {number}'s targets should have shape ({rows}, 10), got "
                    f"{targets.shape}.")
    close = lambda a, b: np.allclose(a, b, atol=1e-6)  # noqa: E731
    if close(top, want_bottom) and close(bottom, want_top):
        raise Wrong("top 和 bottom 反了：top 是图像的上半部分（第 0–13 行）。",
                    "top and bottom are swapped: top is the upper half of the image (rows 0-13).")
    if close(top, want_top * 255) and close(bottom, want_bottom * 255):
        raise Wrong("像素还是 0–255：除以 255，缩放到 0–1。",
                    "The pixels are still 0-255: divide by 255 to scale them to 0-1.")
    if first_values is not None and close(top, first_values[0]) and close(bottom, first_values[1]):
        raise Wrong("第一批之后，检查改了后面几批的图像，可你的生成器交出的还是旧的数字：它在第一批之前就把所有"
                    "图像都转换好了。生成器的意义是内存不随数据增长：每次只切出一批的行，再转换。",
                    "After the first batch the check changed the images of the later batches, yet "
                    "your generator handed out the old numbers: it converted every image before "
                    "the first batch. A generator's point is that memory does not grow with the "
                    "data: cut one batch's rows at a time, then convert them.")
    if not (close(top, want_top) and close(bottom, want_bottom)):
        raise Wrong(f"第 {number} 批的数值不对：top = images[i:j, :14] 展平成 392 个数、除以 255；"
                    "bottom 是第 14–27 行。",
                    f"Batch {number} has the wrong numbers: top = images[i:j, :14] flattened to "
                    "392 numbers and divided by 255; bottom is rows 14-27.")
    if not close(targets, want_targets):
        raise Wrong(f"第 {number} 批的目标不对：应是 labels[i:j] 的独热向量，与图像同一批行。",
                    f"Batch {number}'s targets are wrong: they should be the one-hot vectors of "
                    "labels[i:j], the same rows as the images.")


def _test_halves(halves):
    rng = np.random.default_rng(12)
    images = rng.integers(0, 256, (10, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 10).astype(np.uint8)
    before = _expected_batches(images, labels, 4)
    generator = call_learner(halves, "halves(images, labels, 4)", images, labels, 4)
    if isinstance(generator, tf.data.Dataset):
        raise Wrong("这是一个 tf.data 数据集，练习要的是一个 Python 生成器：在函数里用 yield 交出每一批。",
                    "That is a tf.data dataset; the exercise asks for a Python generator: hand out "
                    "each batch with yield inside the function.")
    if not inspect.isgenerator(generator):
        raise Wrong(f"halves(...) 应返回一个生成器（函数里有 yield），得到 {type(generator).__name__}："
                    "一个列表会把所有批次同时放进内存。",
                    f"halves(...) should return a generator (a function with yield), got a "
                    f"{type(generator).__name__}: a list holds every batch in memory at once.")
    first = _read_batch(_next_batch(generator, 1), 1)
    _compare(first, before[0], 1, None)
    images[4:] = 255 - images[4:]  # the rows of the later batches change after the first one
    after = _expected_batches(images, labels, 4)
    got = [first]
    while True:
        batch = _next_batch(generator, len(got) + 1)
        if batch is _END:
            break
        if len(got) == len(after):
            raise Wrong("10 张图像、每批 4 张应该只有 3 批，你的生成器还在继续：只走一遍，最后一批之后就结束。",
                        "10 images in batches of 4 make 3 batches, and your generator goes on: "
                        "make one pass and stop after the last batch.")
        got.append(_read_batch(batch, len(got) + 1))
        _compare(got[-1], after[len(got) - 1], len(got),
                 (before[len(got) - 1][0][0], before[len(got) - 1][0][1]))
    if len(got) < len(after):
        raise Wrong(f"10 张图像、每批 4 张应有 3 批（4、4、2），得到 {len(got)} 批：别丢掉最后那一小批。",
                    f"10 images in batches of 4 make 3 batches (4, 4, 2), got {len(got)}: do not "
                    "drop the last, smaller batch.")
    return _read_by_fnapi(halves)


def _read_by_fnapi(halves):
    """The generator as fnapi reads it: the same loss as from the arrays."""
    rng = np.random.default_rng(13)
    images = rng.integers(0, 256, (6, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 6).astype(np.uint8)
    top, bottom = Input(shape=(392,), name="top"), Input(shape=(392,), name="bottom")
    model = fnapi.Model([top, bottom], Dense(10, activation="softmax")(concatenate([top, bottom])))
    model.compile("sgd", "categorical_crossentropy")
    (want_top, want_bottom), targets = _expected_batches(images, labels, 6)[0]
    from_arrays = model.evaluate([want_top, want_bottom], targets, batch_size=4)
    generator = call_learner(halves, "halves(images, labels, 4)", images, labels, 4)
    try:
        streamed = model.evaluate(generator)
    except (ValueError, TypeError, tf.errors.OpError) as error:  # the batches fnapi refused
        message = f"{type(error).__name__}: {error}"[:300]
        raise Wrong(f"fnapi 读不了你的生成器：{message}",
                    f"fnapi cannot read your generator: {message}") from None
    if abs(streamed - from_arrays) > 1e-5:
        raise Wrong("fnapi 读你的生成器得到的损失与数组不同：检查每一批的结构 ((top, bottom), targets)。",
                    "fnapi reads a different loss from your generator than from the arrays: check "
                    "each batch's structure ((top, bottom), targets).")
    return ("每批一个 ((top, bottom), targets)，一次只切一批；fnapi 读它得到的损失和数组一样。",
            "One ((top, bottom), targets) per batch, cut one batch at a time; fnapi reads it "
            "and gets the same loss as from the arrays.")


def check_1(halves):
    return check("练习 1 / Exercise 1", _test_halves, halves)


# --- exercise 2: the weighted loss of an epoch ---------------------------------------------
_NO_FNAPI = ("请用 NumPy 自己算：检查时 fnapi 的 Objectives 和 evaluate 是关掉的。",
             "Compute it yourself with NumPy: fnapi's Objectives and evaluate are switched off "
             "while this check runs.")

CLASS_WEIGHT = {0: 1.0, 1: 3.0, 2: 0.5}


def _batches(sizes, seed, uniform=False):
    rng = np.random.default_rng(seed)
    batches = []
    for rows in sizes:
        weights = (np.ones(rows, np.float32) if uniform
                   else rng.uniform(0, 2, rows).astype(np.float32))
        if not uniform:
            weights[0] = 0.0  # a row that counts for nothing in the loss, but still is a row
        batches.append((rng.uniform(0.1, 3, rows).astype(np.float32),
                        rng.integers(0, 3, rows), weights))
    return batches


def _candidates(batches, class_weight):
    """What fit logs, and the usual wrong answers, each by name."""
    table = np.ones(3) if class_weight is None else np.array([class_weight[c] for c in range(3)])
    loss = np.concatenate([b[0] for b in batches]).astype(np.float64)
    ids = np.concatenate([b[1] for b in batches])
    weights = np.concatenate([b[2] for b in batches]).astype(np.float64)
    per_class = table[ids]
    rows = len(loss)
    return {
        "right": float((loss * weights * per_class).sum() / rows),
        "by_weights": float((loss * weights * per_class).sum() / (weights * per_class).sum()),
        "mean_of_means": float(np.mean([(b[0] * b[2] * table[b[1]]).sum() / len(b[0])
                                        for b in batches])),
        "no_class_weight": float((loss * weights).sum() / rows),
        "no_sample_weight": float((loss * per_class).sum() / rows),
    }


def _number(value, call):
    """A number (Python, NumPy or a scalar tensor), not text that reads like one."""
    try:
        if np.asarray(value).dtype.kind not in "iuf":
            raise TypeError
        return float(np.asarray(value))
    except (TypeError, ValueError):
        raise Wrong(f"{call} 应返回一个数，得到 {type(value).__name__}。",
                    f"{call} should return a number, got a {type(value).__name__}.") from None


def _test_logged_loss(logged_loss):
    with forbidden(Objectives, "__call__", _NO_FNAPI), forbidden(Trainer, "evaluate", _NO_FNAPI), \
            forbidden(Trainer, "fit", _NO_FNAPI):
        return _logged_by_hand(logged_loss)


def _logged_by_hand(logged_loss):
    cases = [("batches of 4, 4, 2 rows, every weight 1", _batches((4, 4, 2), 1, uniform=True),
              None),
             ("batches of 5 and 3 rows, sample weights", _batches((5, 3), 2), None),
             ("batches of 4 and 2 rows, sample and class weights", _batches((4, 2), 3),
              CLASS_WEIGHT)]
    for what, batches, class_weight in cases:
        call = f"logged_loss(...) ({what})"
        got = _number(call_learner(logged_loss, call, batches, class_weight), call)
        want = _candidates(batches, class_weight)
        near = {name: abs(got - value) <= 1e-5 * max(1.0, abs(value))
                for name, value in want.items()}
        if near["right"]:
            continue
        if near["mean_of_means"]:
            raise Wrong(f"{what}：你取了每批平均的平均。最后一批行数少，它的每一行就算多了：把所有行的"
                        "“权重 × 损失”加起来，再除以全部的行数（fit 就是累加分子和分母）。",
                        f"{what}: you took the mean of the batches' means. The last batch has "
                        "fewer rows, so its rows count for more: add up weight x loss over every "
                        "row, then divide by the number of all rows (fit adds up numerators and "
                        "denominators).")
        if near["by_weights"]:
            raise Wrong(f"{what}：你除以了权重之和。Keras 的规则是除以行数：权重为 0 的行不贡献损失，"
                        "但仍然算一行。",
                        f"{what}: you divided by the sum of the weights. Keras's rule divides by "
                        "the number of rows: a row of weight 0 adds no loss, but it is still a "
                        "row.")
        if near["no_class_weight"] and class_weight is not None:
            raise Wrong(f"{what}：类别权重没有算进去：每一行还要乘上 class_weight[它的类别]，与样本权重相乘。",
                        f"{what}: the class weights are missing: each row is also multiplied by "
                        "class_weight[its class], times its sample weight.")
        if near["no_sample_weight"]:
            raise Wrong(f"{what}：样本权重没有算进去：每一行的损失乘上它的样本权重。",
                        f"{what}: the sample weights are missing: multiply each row's loss by its "
                        "sample weight.")
        raise Wrong(f"{what}：应为 {want['right']:.6f}，得到 {got:.6f}。",
                    f"{what}: expected {want['right']:.6f}, got {got:.6f}.")
    return ("权重 × 损失，对所有行求和，再除以行数：fit 为每个记录的值累加一个分子、一个分母，一轮结束时才相除。",
            "Weight x loss, summed over every row, divided by the number of rows: fit adds up "
            "one numerator and one denominator per logged value and divides once, at the end of "
            "the epoch.")


def check_2(logged_loss):
    return check("练习 2 / Exercise 2", _test_logged_loss, logged_loss)


# --- exercise 3: one step on two replicas ----------------------------------------------------
_STRATEGY = []
GLOBAL_ROWS = 7  # split 4 + 3 across two replicas: an uneven batch, as the last one often is


def _strategy():
    """The check's MirroredStrategy, made once: two logical CPUs when the process has them."""
    if not _STRATEGY:
        two = len(tf.config.list_logical_devices("CPU")) >= 2
        with _quiet():
            _STRATEGY.append(tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"] if two
                                                            else ["/cpu:0"]))
    return _STRATEGY[0]


class _QuietEagerStrategy(logging.Filter):
    """TensorFlow warns that running a strategy eagerly is slow: true, and beside the point
    for one step."""

    def filter(self, record):
        return "eagerly has significant overhead" not in record.getMessage()


@contextlib.contextmanager
def _quiet():
    """The check prints one line: no INFO lines from the strategy (TensorFlow logs at INFO in
    a notebook), no warning that a strategy run eagerly is slow."""
    logger, quiet = tf.get_logger(), _QuietEagerStrategy()
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    logger.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="To make it possible to preserve tf.data")
            yield
    finally:
        logger.removeFilter(quiet)
        logger.setLevel(level)


def _pieces(strategy):
    rng = np.random.default_rng(21)
    with strategy.scope():
        inputs = Input(shape=(3,))
        model = fnapi.Model(inputs, Dense(1)(Dense(4, activation="tanh")(inputs)))
        model.set_weights([rng.normal(0, 0.7, w.shape).astype("float32")
                           for w in model.get_weights()])
    x = rng.normal(size=(GLOBAL_ROWS, 3)).astype("float32")
    y = rng.normal(size=(GLOBAL_ROWS, 1)).astype("float32")
    return model, x, y


def _gradients(model, x, y, rows=GLOBAL_ROWS):
    """d(sum of the rows' squared errors / rows)/d weights, on one device."""
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(fnapi.losses.mean_squared_error(y, model(x))) / rows
    return [g.numpy() for g in tape.gradient(loss, model.trainable_weights)]


_OUTSIDE = ("模型在 strategy.run 之外运行了：用 strategy.run(step, args=...) 让每个副本运行一步，"
            "每个副本只算自己那份数据。",
            "The model ran outside strategy.run: let strategy.run(step, args=...) run one step "
            "on each replica, each on its own share of the data.")
_WHOLE_BATCH = (f"有一个副本拿到了整批 {GLOBAL_ROWS} 行：先用 strategy.experimental_distribute_dataset"
                "(dataset) 把每个全局批次分给各个副本。",
                f"A replica got the whole batch of {GLOBAL_ROWS} rows: first split each global "
                "batch across the replicas with strategy.experimental_distribute_dataset(dataset).")


def _watch(layer, strategy):
    """Let `layer` run only in `strategy`'s replica context, on a replica's share."""
    original = layer.call

    def watched(inputs, *args, **kwargs):
        context = tf.distribute.get_replica_context()
        if context is None or context.strategy is not strategy:
            raise Wrong(*_OUTSIDE)
        rows = tf.nest.flatten(inputs)[0].shape[0]
        if strategy.num_replicas_in_sync > 1 and rows is not None and rows >= GLOBAL_ROWS:
            raise Wrong(*_WHOLE_BATCH)
        return original(inputs, *args, **kwargs)
    layer.call = watched  # an instance attribute hides the class's method


def _copies(strategy, value, index):
    try:
        parts = strategy.experimental_local_results(value)
        return [np.asarray(tf.convert_to_tensor(part)) for part in parts]
    except (TypeError, ValueError):
        raise Wrong(f"第 {index} 个梯度不是张量，得到 {type(value).__name__}。",
                    f"Gradient {index} is not a tensor, got a {type(value).__name__}.") from None


def _shares(model, x, y):
    """Replica 0 gets the first ceil(rows / 2) rows, replica 1 the rest: each share's gradient,
    divided by its own rows and by the global rows."""
    cut = -(-GLOBAL_ROWS // 2)
    parts = [(x[:cut], y[:cut]), (x[cut:], y[cut:])]
    by_global = [_gradients(model, a, b, GLOBAL_ROWS) for a, b in parts]
    by_own = [_gradients(model, a, b, len(a)) for a, b in parts]
    return by_global, by_own


def _test_summed_gradients(summed_gradients):
    strategy = _strategy()
    model, x, y = _pieces(strategy)
    want = _gradients(model, x, y)
    by_global, by_own = _shares(model, x, y)
    for layer in [model, *model.layers[1:]]:
        _watch(layer, strategy)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_ROWS)
    with _quiet():
        got = call_learner(summed_gradients, "summed_gradients(strategy, model, dataset)",
                           strategy, model, dataset)
    if strategy.num_replicas_in_sync < 2:
        raise Wrong("这个检查需要两个逻辑 CPU，而这个进程只有一个：设定在“准备”单元格里，必须在 "
                    "TensorFlow 运行第一个运算之前。重启内核，从头运行。",
                    "This check needs two logical CPUs and this process has one: the set-up cell "
                    "makes them, before TensorFlow runs its first operation. Restart the kernel "
                    "and run from the top.")
    if not isinstance(got, (list, tuple)) or len(got) != len(want):
        raise Wrong(f"应返回一个列表，model.trainable_weights 的每个权重一个梯度（{len(want)} 个）。",
                    f"Return a list with one gradient per weight of model.trainable_weights "
                    f"({len(want)} of them).")
    if any(g is None for g in got):
        raise Wrong("有一个梯度是 None：损失要在 GradientTape 里由 model(x) 算出。",
                    "A gradient is None: compute the loss from model(x) inside the GradientTape.")
    copies = [_copies(strategy, g, i) for i, g in enumerate(got)]
    if any(c.shape != w.shape for parts, w in zip(copies, want) for c in parts):
        raise Wrong("梯度的形状应与 model.trainable_weights 里的权重一一对应。",
                    "The gradients should have the shapes of model.trainable_weights, in order.")
    _judge([parts[0] for parts in copies], want, by_global, by_own)
    if not all(_close(c, w) for parts, w in zip(copies, want) for c in parts):
        raise Wrong("两个副本上的梯度不一样：用 all_reduce(SUM) 求和之后，每个副本都拿到同样的和。",
                    "The gradients on the two replicas differ: after all_reduce(SUM) every replica "
                    "holds the same sum.")
    return ("两个副本各算自己那几行的梯度，除以全局行数，all_reduce 相加：和一台设备在整批上算的一样"
            "（max 差 < 1e-5）。",
            "Two replicas each differentiate their own rows, divided by the global row count, "
            "and all_reduce adds them up: the same as one device on the whole batch (max "
            "difference < 1e-5).")


def _close(a, b):
    return np.allclose(a, b, atol=1e-5, rtol=1e-4)


def _judge(mine, want, by_global, by_own):
    """The usual wrong answers, each with its hint; silent if `mine` is the right sum."""
    same = lambda candidate: all(_close(g, w) for g, w in zip(mine, candidate))  # noqa: E731
    if same(want):
        return
    if any(same(share) for share in by_global + by_own):
        raise Wrong("这是一个副本自己的梯度：用 replica_context.all_reduce(SUM, grads) 把各副本的梯度加起来。",
                    "That is one replica's own gradient: add up the replicas' gradients with "
                    "replica_context.all_reduce(SUM, grads).")
    if same([a + b for a, b in zip(*by_own)]):
        raise Wrong("梯度大了：每个副本除以了自己的行数。损失应除以全局批次的行数（all_reduce 行数），"
                    "这样各副本的梯度加起来才是整批的梯度。",
                    "The gradient is too large: each replica divided by its own rows. Divide by "
                    "the global batch's rows (all_reduce the row count), so that the replicas' "
                    "gradients add up to the whole batch's.")
    if same([(a + b) / 2 for a, b in zip(*by_own)]):
        raise Wrong("每个副本取平均、再平均：批次分成 4 行和 3 行两份，这样每一行的分量就不一样了。"
                    "除以全局行数，再用 all_reduce(SUM) 相加。",
                    "A mean per replica, then a mean: the batch splits into shares of different "
                    "sizes (4 and 3 rows), so rows do not count equally. Divide by the global row "
                    "count, then add up with all_reduce(SUM).")
    if same([w / 2 for w in want]):
        raise Wrong("梯度只有一半：all_reduce 要用 SUM，不是 MEAN。",
                    "The gradient is half of it: all_reduce with SUM, not MEAN.")
    raise Wrong(f"求和的梯度与一台设备在整批 {GLOBAL_ROWS} 行上的梯度不同：每个副本的损失 = "
                "它那几行的平方误差之和 / 全局行数（fnapi.losses.mean_squared_error 给出每一行的"
                "平方误差），梯度用 all_reduce(SUM) 相加。",
                f"The summed gradient differs from one device's gradient on the whole batch of "
                f"{GLOBAL_ROWS} rows: each replica's loss = the sum of its rows' squared errors "
                "(fnapi.losses.mean_squared_error gives one per row) / the global number of rows; "
                "add the gradients with all_reduce(SUM).")


def check_3(summed_gradients):
    return check("练习 3 / Exercise 3", _test_summed_gradients, summed_gradients)

