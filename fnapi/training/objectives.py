"""What `compile` was told, resolved for each output: its loss, its weight, its metrics.

For a model with several outputs the guide shows three spellings, all accepted here:
one loss for every output (`loss='binary_crossentropy'`), a list in output order, or a
dict keyed by output names; `loss_weights` likewise. The total loss is
sum_k weight_k * loss_k, and each output's own (unweighted) loss is reported too.

Weights of samples (`sample_weight=`, `class_weight=`) follow Keras: a loss is the mean
over the batch's rows of loss x weight (rows count, not weights); `metrics` ignore the
weights; `weighted_metrics` are weighted means, sum(metric x weight) / sum(weight).
Every logged value is therefore a ratio numerator / denominator, summed over batches.
"""
import numbers

import tensorflow as tf

from fnapi import losses, metrics as metrics_module


def per_output(spec, names, what, keys=None):
    """One value for each output, from a single value, a list, or a dict keyed by output
    names (or by `keys`: {key: output position}, e.g. the keys of the model's output dict).
    An output missing from a dict gets None."""
    keys = keys or {n: i for i, n in enumerate(names)}
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in keys]
        if unknown:
            raise ValueError(f"{what} given for unknown outputs {unknown}; the outputs are "
                             f"{names}.")
        by_position = {keys[k]: v for k, v in spec.items()}
        return [by_position.get(i) for i in range(len(names))]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(names):
            raise ValueError(f"{what} is a list of {len(spec)}, but the model has "
                             f"{len(names)} outputs {names}.")
        return list(spec)
    return [spec] * len(names)


class Objectives:
    def __init__(self, output_names, loss, loss_weights=None, metrics=None, keys=None,
                 weighted_metrics=None):
        if loss is None:
            raise ValueError("compile() needs a loss, e.g. loss='binary_crossentropy'.")
        self.output_names = list(output_names)
        self.losses = [None if s is None else losses.get(s)
                       for s in per_output(loss, self.output_names, "loss", keys)]
        if all(f is None for f in self.losses):
            raise ValueError(f"compile() got no loss for any of the outputs {output_names}.")
        weights = per_output(1.0 if loss_weights is None else loss_weights,
                             self.output_names, "loss_weights", keys)
        for w in weights:
            if w is not None and (isinstance(w, bool) or not isinstance(w, numbers.Real)):
                raise ValueError("Expected `loss_weights` to be numbers, one per output. "
                                 f"Received: {w!r} in loss_weights={loss_weights!r}")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        plain = self._metric_specs(metrics, keys, "metrics")
        weighted = self._metric_specs(weighted_metrics, keys, "weighted_metrics")
        # (output, spec, weighted) in Keras's order: each output's metrics, then its
        # weighted ones, named `weighted_...` when the plain metric is there too.
        self.metric_specs = [(k, spec, False) for k, specs in enumerate(plain) for spec in specs]
        self.metric_specs += [(k, spec, True) for k, specs in enumerate(weighted)
                              for spec in specs]
        prefix = [f"{n}_" if len(self.output_names) > 1 else "" for n in self.output_names]
        labels = [(k, metrics_module.label(spec), w) for k, spec, w in self.metric_specs]
        self.metric_names = [prefix[k] + ("weighted_" if w and (k, label, False) in labels
                                          else "") + label for k, label, w in labels]
        self.metrics = None

    def _metric_specs(self, metrics, keys, what):
        """One list of metric specs per output, from Keras's spellings."""
        if metrics is not None and not isinstance(metrics, dict):
            nested = isinstance(metrics, (list, tuple)) and any(
                isinstance(m, (list, tuple)) for m in metrics)
            metrics = metrics if nested else [metrics] * len(self.output_names)
        return [[] if m is None else list(m) if isinstance(m, (list, tuple)) else [m]
                for m in per_output(metrics, self.output_names, what, keys)]

    @property
    def sparse(self):
        """Outputs whose targets may be class ids, one axis short of the output: those of a
        sparse loss, and of a learner's own loss, which Keras hands the targets as given
        (its shapes are checked when the step is traced, before any step runs)."""
        return [f is losses.sparse_categorical_crossentropy or _learners(f) for f in self.losses]

    def resolve_metrics(self, output_shapes, target_shapes):
        """Turn names such as 'accuracy' into functions, now that target shapes are known."""
        self.metrics = [(k, metrics_module.get(spec, output_shapes[k], target_shapes[k]), w)
                        for k, spec, w in self.metric_specs]

    @property
    def names(self):
        """The keys of the logs, in Keras's order: loss, each output's loss, metrics."""
        per_output_losses = ([f"{n}_loss" for n, f in zip(self.output_names, self.losses) if f]
                             if len(self.output_names) > 1 else [])
        return ["loss", *per_output_losses, *self.metric_names]

    def __call__(self, y_true, y_pred, mask, sample_weights):
        """The batch's sums, for rows marked by `mask` (batch,) and weighted per output by
        `sample_weights` (one (batch,) vector per output).

        -> (the total loss summed over the rows, numerators, denominators): one of each
        per logged value, in `names` order; each logged value is numerator / denominator.
        """
        rows = tf.reduce_sum(mask)
        total, numerators, denominators = 0.0, [], []
        for k, (fn, weight, t, p, w) in enumerate(zip(self.losses, self.weights, y_true,
                                                      y_pred, sample_weights)):
            if fn is not None:
                summed = tf.reduce_sum(_per_row(self._apply(fn, k, t, p), mask) * mask * w)
                total += weight * summed
                numerators.append(summed)
        if len(self.output_names) == 1:
            numerators = []
        metric_numerators, metric_denominators = [], []
        for k, fn, weighted in self.metrics:
            value = self._apply(fn, k, y_true[k], y_pred[k])
            if value.shape.rank == 0:  # one number per batch: Keras 2 averages the batches
                metric_numerators.append(value)
                metric_denominators.append(tf.ones_like(value))
                continue
            weight = mask * sample_weights[k] if weighted else mask
            metric_numerators.append(tf.reduce_sum(_per_row(value, mask) * weight))
            metric_denominators.append(tf.reduce_sum(weight) if weighted else rows)
        logged_losses = [total, *numerators]
        return (total, tf.stack(logged_losses + metric_numerators),
                tf.stack([rows] * len(logged_losses) + metric_denominators))

    @property
    def has_learners_functions(self):
        """True if a loss or metric is a learner's own function, not one of fnapi's."""
        functions = [*self.losses, *[fn for _, fn, _ in self.metrics or []]]
        return any(_learners(fn) for fn in functions)

    def check_shapes(self, y_true, outputs, batch):
        """Each loss and metric traced once on a batch of `batch` rows of targets `y_true`
        and of the model's `outputs`, static shapes known (the step itself may see an
        unknown batch size): a shape clash is named here, before any step."""
        for k, fn in [*enumerate(self.losses), *[(k, fn) for k, fn, _ in self.metrics]]:
            if fn is not None:
                specs = [tf.TensorSpec((batch, *t.shape[1:]), tf.as_dtype(t.dtype)) for t in (
                    y_true[k], outputs[k])]
                tf.function(lambda t, p, fn=fn, k=k: self._apply(fn, k, t, p),
                            autograph=False).get_concrete_function(*specs)

    def _apply(self, fn, k, y_true, y_pred):
        """`fn(y_true, y_pred)` as a float32 tensor; a shape clash is named here, while the
        step is traced (before any step), not deep inside TensorFlow."""
        try:
            return tf.cast(fn(y_true, y_pred), tf.float32)
        except (ValueError, tf.errors.InvalidArgumentError) as error:
            name = getattr(fn, "__name__", type(fn).__name__)
            raise ValueError(f"{name} cannot compare the targets of output "
                             f"{self.output_names[k]!r}, shape {tuple(y_true.shape)}, with its "
                             f"predictions, shape {tuple(y_pred.shape)}: {error}") from None


def _learners(fn):
    """True for a loss or metric that is not one of fnapi's own functions."""
    return fn is not None and not (getattr(fn, "__module__", None) or "").startswith("fnapi.")


def _per_row(value, mask):
    """One value per row, as Keras reduces what a loss or metric returns: a value per
    element is averaged over the axes after the batch's; one value for the whole batch
    counts for every row."""
    if value.shape.rank == 0:
        return value * tf.ones_like(mask)
    if value.shape.rank > 1:
        return tf.reduce_mean(value, axis=list(range(1, value.shape.rank)))
    return value
