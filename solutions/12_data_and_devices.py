"""Worked answers to lesson 12 (data pipelines and more devices), checked by the lesson's checks.

    python solutions/12_data_and_devices.py

Exercise 3 needs two logical CPUs, and TensorFlow fixes its devices when it runs its first
operation: so, as in the lesson's set-up cell, they are made first thing.
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import numpy as np
import tensorflow as tf

if __name__ == "__main__":
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

from exercises import lesson12 as ex  # noqa: E402


# Exercise 1: a generator hands out one batch at a time, so only one batch's rows are ever
# converted. The two inputs go in a tuple of their own: a flat (top, bottom, targets) would be
# read, by Keras's rule, as (x, y, sample_weight).
def halves(images, labels, batch_size):
    for start in range(0, len(images), batch_size):
        rows = images[start:start + batch_size].astype("float32") / 255   # this batch only
        top = rows[:, :14].reshape(len(rows), 392)                        # rows 0-13
        bottom = rows[:, 14:].reshape(len(rows), 392)                     # rows 14-27
        targets = np.eye(10, dtype="float32")[labels[start:start + batch_size]]
        yield (top, bottom), targets


# Exercise 2: every row's weight x loss (its sample weight times its class's weight), summed
# over the whole epoch, divided by the number of rows: not by the weights, and not a mean of
# the batches' means (the last batch is smaller).
def logged_loss(batches, class_weight=None):
    numerator, rows = 0.0, 0
    for losses, classes, sample_weights in batches:
        weights = np.asarray(sample_weights, dtype="float64")
        if class_weight is not None:
            weights = weights * np.array([class_weight[int(c)] for c in classes])
        numerator += float(np.sum(np.asarray(losses, dtype="float64") * weights))
        rows += len(losses)
    return numerator / rows


# Exercise 3: what fnapi's step does on each replica. Each replica gets its share of the global
# batch; its loss is the sum of its rows' squared errors divided by the *global* number of
# rows (all_reduce of the row counts), so the replicas' gradients add up (all_reduce SUM) to
# the gradient of the whole batch.
def summed_gradients(strategy, model, dataset):
    x, y = next(iter(strategy.experimental_distribute_dataset(dataset)))

    def step(x, y):
        replica = tf.distribute.get_replica_context()
        rows = replica.all_reduce(tf.distribute.ReduceOp.SUM, tf.cast(tf.shape(x)[0], tf.float32))
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(fnapi.losses.mean_squared_error(y, model(x))) / rows
        grads = tape.gradient(loss, model.trainable_weights)
        return replica.all_reduce(tf.distribute.ReduceOp.SUM, grads)

    summed = strategy.run(step, args=(x, y))              # one value per replica, all equal
    return [strategy.experimental_local_results(g)[0] for g in summed]


if __name__ == "__main__":
    results = [ex.check_1(halves), ex.check_2(logged_loss), ex.check_3(summed_gradients)]
    raise SystemExit(0 if all(results) else 1)
