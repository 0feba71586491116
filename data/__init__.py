"""coursedata: the data of the course (this folder, ``data/``, installed as ``coursedata``).

* ``mnist``: real MNIST, 5,000 digits from the committed ``mnist_5k.npz`` (no download).
* ``headlines``: int word sequences + auxiliary features -> ``main`` and ``aux`` targets
  (the guide's multi-input, multi-output model).
* ``tweets``: one-hot character tweets by synthetic authors, pairs -> same author?
  (the guide's shared-LSTM model).
* ``scenes``: sort-of-CLEVR images + questions -> answers (visual question answering).
* ``videos``: clips of one moving shape + questions -> answers (video question answering).

All generators are pure numpy and deterministic: ``generate(n, seed=0, ...)`` gives
the same arrays for the same arguments. See ``data/README.md``.
"""

from . import headlines, mnist, scenes, tweets, videos

__all__ = ["headlines", "mnist", "scenes", "tweets", "videos"]
