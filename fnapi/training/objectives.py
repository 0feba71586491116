"""What `compile` was told, resolved for each output: its loss, its weight, its metrics.

For a model with several outputs the guide shows three spellings, all accepted here:
one loss for every output (`loss='binary_crossentropy'`), a list in output order, or a
dict keyed by output names; `loss_weights` likewise. The total loss is
sum_k weight_k * loss_k, and each output's own (unweighted) loss is reported too.
"""
import tensorflow as tf

from fnapi import losses, metrics as metrics_module


def per_output(spec, names, what):
    """One value for each output, from a single value, a list, or a dict of names."""
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in names]
        if unknown:
            raise ValueError(f"{what} given for unknown outputs {unknown}; the outputs are "
                             f"{names}.")
        return [spec.get(n) for n in names]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(names):
            raise ValueError(f"{what} is a list of {len(spec)}, but the model has "
                             f"{len(names)} outputs {names}.")
        return list(spec)
    return [spec] * len(names)


class Objectives:
    def __init__(self, output_names, loss, loss_weights=None, metrics=None):
        if loss is None:
            raise ValueError("compile() needs a loss, e.g. loss='binary_crossentropy'.")
        self.output_names = list(output_names)
        self.losses = [None if s is None else losses.get(s)
                       for s in per_output(loss, self.output_names, "loss")]
        weights = per_output(1.0 if loss_weights is None else loss_weights,
                             self.output_names, "loss_weights")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        if metrics is not None and not isinstance(metrics, dict):
            nested = isinstance(metrics, (list, tuple)) and any(
                isinstance(m, (list, tuple)) for m in metrics)
            metrics = metrics if nested else [metrics] * len(self.output_names)
        self.metric_specs = [[] if m is None else list(m) if isinstance(m, (list, tuple))
                             else [m] for m in per_output(metrics, self.output_names, "metrics")]
        self.metrics = None

    @property
    def sparse(self):
        """Outputs whose targets are class ids rather than arrays shaped like the output."""
        return [f is losses.sparse_categorical_crossentropy for f in self.losses]

    def resolve_metrics(self, output_shapes, target_shapes):
        """Turn names such as 'accuracy' into functions, now that target shapes are known."""
        self.metrics = []
        for k, specs in enumerate(self.metric_specs):
            for spec in specs:
                fn = metrics_module.get(spec, output_shapes[k], target_shapes[k])
                label = spec if isinstance(spec, str) else fn.__name__
                prefix = f"{self.output_names[k]}_" if len(self.output_names) > 1 else ""
                self.metrics.append((prefix + label, k, fn))

    @property
    def names(self):
        """The keys of the logs, in Keras's order: loss, each output's loss, metrics."""
        per_output_losses = ([f"{n}_loss" for n, f in zip(self.output_names, self.losses) if f]
                             if len(self.output_names) > 1 else [])
        return ["loss", *per_output_losses, *(name for name, _, _ in self.metrics)]

    def __call__(self, y_true, y_pred, mask):
        """-> (mean total loss of the real rows, sums of every logged value over them)."""
        count = tf.reduce_sum(mask)
        total, sums = 0.0, []
        for fn, weight, t, p in zip(self.losses, self.weights, y_true, y_pred):
            if fn is not None:
                summed = tf.reduce_sum(fn(t, p) * mask)
                total += weight * summed
                sums.append(summed)
        metric_sums = [tf.reduce_sum(fn(y_true[k], y_pred[k]) * mask)
                       for _, k, fn in self.metrics]
        per_output_sums = sums if len(self.output_names) > 1 else []
        return total / count, tf.stack([total, *per_output_sums, *metric_sums])
