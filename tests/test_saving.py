"""fnapi -> `.keras` -> fnapi: the same model, exactly, and training resumes exactly.

For every architecture of the guide (small sizes): weights bit-exact, predictions equal,
the same summary, the same compile state; and save -> load -> fit gives bit-identical
weights to an uninterrupted fit (optimizer slots, iteration count and Dropout's random
stream are in the file). `.weights.h5` and `.npz` weights files load into a rebuilt model.
"""
import numpy as np
import pytest

import fnapi
import twins

ARCHITECTURES = twins.GUIDE_ARCHITECTURES


def _data(model, n=8, seed=0):
    return twins.sample_data(model, n, np.random.default_rng(seed), vocab=10)


def _summary(model):
    lines = []
    model.summary(print_fn=lines.append)
    return lines


def _flat(outputs):
    return fnapi.graph.flatten(outputs)


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_a_saved_model_loads_as_the_same_model(name, tmp_path):
    build, losses = ARCHITECTURES[name]
    model = build(fnapi)
    model.compile(fnapi.optimizers.Adam(0.01), losses, metrics=["mae"])
    xs, ys = _data(model)
    model.fit(xs, ys, verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = fnapi.models.load_model(tmp_path / "model.keras")
    assert type(loaded) is type(model) and _summary(loaded) == _summary(model)
    for saved, restored in zip(model.weights, loaded.weights):
        np.testing.assert_array_equal(saved.numpy(), restored.numpy())
    for saved, restored in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(saved.numpy(), restored.numpy())
    for a, b in zip(_flat(model.predict(xs, verbose=0)), _flat(loaded.predict(xs, verbose=0))):
        np.testing.assert_array_equal(a, b)
    assert loaded.metrics_names == model.metrics_names
    assert loaded.compile_arguments == model.compile_arguments


def _dropout_model(lib):
    x = lib.Input((6,))
    h = lib.layers.Dropout(0.3, seed=7)(lib.layers.Dense(8, activation="relu")(x))
    return lib.Model(x, lib.layers.Dense(2, activation="softmax")(h))


@pytest.mark.parametrize("build, optimizer", [
    (_dropout_model, lambda: fnapi.optimizers.Adam(0.01)),
    (twins.headline, lambda: fnapi.optimizers.RMSprop(0.01, momentum=0.5, centered=True)),
    (twins.shared_vision, lambda: fnapi.optimizers.SGD(0.1, momentum=0.9, nesterov=True)),
])
def test_training_resumes_exactly_after_save_and_load(build, optimizer, tmp_path):
    model = build(fnapi)
    losses = (["binary_crossentropy"] * len(model.outputs) if model.outputs[0].shape[-1] == 1
              else "categorical_crossentropy")
    model.compile(optimizer(), losses)
    xs, ys = _data(model, n=16)
    start = [w.numpy() for w in model.weights]
    np.random.seed(1)
    model.fit(xs, ys, epochs=2, batch_size=4, verbose=0)
    model.save(tmp_path / "half.keras")
    np.random.seed(2)
    model.fit(xs, ys, epochs=2, batch_size=4, verbose=0)
    uninterrupted = [w.numpy() for w in model.weights]

    resumed = fnapi.models.load_model(tmp_path / "half.keras")
    np.random.seed(2)
    resumed.fit(xs, ys, epochs=2, batch_size=4, verbose=0)
    for a, b, first in zip(uninterrupted, resumed.get_weights(), start):
        assert not np.array_equal(a, first)  # it did train
        np.testing.assert_array_equal(a, b)


class _ReadsTheOptimizer(fnapi.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.optimizer.variables  # what a checkpoint does; must change nothing


def test_a_resumed_fit_equals_one_that_never_saved_with_lazy_embedding_rows(tmp_path):
    """RMSprop without momentum updates an Embedding's rows lazily (optimizers.py): the
    reference run here never saves, nor reads the optimizer, so any extra catch-up of
    skipped rows at save time would show in the last bits."""
    def build():
        fnapi.utils.set_random_seed(3)
        model = twins.headline(fnapi, vocab=200)
        model.compile(fnapi.optimizers.RMSprop(0.01), ["binary_crossentropy"] * 2)
        return model
    xs, ys = twins.sample_data(build(), 16, np.random.default_rng(0), vocab=200)
    fit = dict(batch_size=4, shuffle=False, verbose=0)
    never_saved = build()
    never_saved.fit(xs, ys, epochs=4, **fit)
    first = build()
    first.fit(xs, ys, epochs=2, callbacks=[_ReadsTheOptimizer()], **fit)
    first.save(tmp_path / "half.keras")
    resumed = fnapi.models.load_model(tmp_path / "half.keras")
    resumed.fit(xs, ys, epochs=2, callbacks=[_ReadsTheOptimizer()], **fit)
    for a, b in zip(never_saved.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("suffix", [".weights.h5", ".npz"])
def test_weights_files_load_into_a_rebuilt_model(suffix, tmp_path):
    model = twins.video_qa(fnapi)
    model.save_weights(tmp_path / f"w{suffix}")
    rebuilt = twins.video_qa(fnapi)
    rebuilt.load_weights(tmp_path / f"w{suffix}")
    for a, b in zip(model.weights, rebuilt.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_an_uncompiled_model_saves_and_loads_uncompiled(tmp_path):
    model = twins.vqa(fnapi)
    model.save(tmp_path / "m.keras")
    loaded = fnapi.models.load_model(tmp_path / "m.keras")
    assert not hasattr(loaded, "compile_arguments")
    compiled = twins.vqa(fnapi)
    compiled.compile("adam", "categorical_crossentropy")
    compiled.save(tmp_path / "c.keras")
    assert not hasattr(fnapi.models.load_model(tmp_path / "c.keras", compile=False),
                       "compile_arguments")


def test_a_failed_save_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "m.keras"
    twins.mlp(fnapi).save(target)
    before = target.read_bytes()
    unbuilt = fnapi.Sequential([fnapi.layers.Dense(2)])
    with pytest.raises(ValueError, match="not built"):
        unbuilt.save(target)
    with pytest.raises(ValueError, match=r"must end in `\.keras`"):
        twins.mlp(fnapi).save(tmp_path / "m.h5")
    with pytest.raises(ValueError, match="overwrite=False"):
        twins.mlp(fnapi).save(target, overwrite=False)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]  # no temporary left


def test_a_model_saved_before_its_first_step_loads_and_trains(tmp_path):
    """Compiled but never trained: the file holds the step count and learning rate only."""
    model = twins.mlp(fnapi)
    model.compile(fnapi.optimizers.RMSprop(0.01), "categorical_crossentropy")
    model.save(tmp_path / "fresh.keras")
    loaded = fnapi.models.load_model(tmp_path / "fresh.keras")
    assert float(loaded.optimizer.learning_rate.numpy()) == pytest.approx(0.01)
    xs, ys = _data(loaded)
    assert np.isfinite(loaded.fit(xs, ys, verbose=0).history["loss"][0])


def test_a_model_frozen_after_compile_and_saved_loads_with_a_fresh_optimizer(tmp_path):
    """Keras 3 loads such a file (its own or fnapi's) with a warning, skipping the optimizer
    state, whose size no longer fits: fnapi does the same, in both directions."""
    import keras
    x = np.random.RandomState(0).randn(16, 4).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    for lib in (fnapi, keras):
        inputs = lib.Input((4,))
        hidden = lib.layers.Dense(3, activation="relu")(inputs)
        model = lib.Model(inputs, lib.layers.Dense(1, activation="sigmoid")(hidden))
        model.compile("adam", "binary_crossentropy")
        model.fit(x, y, epochs=1, verbose=0)
        model.layers[1].trainable = False  # before fine-tuning, without compiling again
        model.save(tmp_path / f"{lib.__name__}.keras")
        with pytest.warns(UserWarning, match="Skipping variable loading for optimizer 'adam', "
                                             "because it has 6 variables whereas the saved "
                                             "optimizer has 10"):
            loaded = fnapi.models.load_model(tmp_path / f"{lib.__name__}.keras")
        np.testing.assert_allclose(loaded.predict(x), model.predict(x, verbose=0), atol=1e-6)
        assert int(loaded.optimizer.iterations.numpy()) == 0
        assert not loaded.layers[1].trainable
