"""Sort-of-CLEVR: small images of coloured shapes, with questions about them (visual QA).

Signal: each image (default 32x32 RGB, float32 in [0, 1], black background) holds
1-3 flat shapes, drawn on whole pixels, each at least one background pixel away from
the others and from the border; every shape has one of 4 colours (red, green, blue,
yellow) and one of 3 kinds (square, circle, triangle), half-size 3.5-5.5 pixels at
size 32. Each image comes with one
question, a sequence of word ids, of one of three kinds:
``what colour is the <shape> ?`` (exactly one object of that shape is drawn; answer:
its colour), ``what shape is the <colour> object ?`` (exactly one object of that
colour is drawn; answer: its shape) and ``how many shapes are there ?`` (answer: 1, 2
or 3). The scene is built *from* the answer, so every question is answerable from
the image alone and has exactly one correct answer; the 10 answers are equally
frequent (each 10% of the samples, up to rounding). A model must combine the
question (which object? which attribute?) with the pixels to do better than 10%.

This module also holds what ``videos`` reuses: the question vocabulary ``WORDS``,
``encode``/``decode`` and the one drawing helper ``draw`` (plus ``COLOURS``,
``SHAPES``, ``PALETTE``). Word id 0 is padding; real words start at 1.
"""

from __future__ import annotations

import numpy as np

COLOURS = ["red", "green", "blue", "yellow"]
SHAPES = ["square", "circle", "triangle"]
# RGB of each colour in COLOURS order (float32 in [0, 1]).
PALETTE = np.array(
    [[0.90, 0.10, 0.10], [0.10, 0.75, 0.15], [0.15, 0.30, 1.00], [0.95, 0.85, 0.10]],
    dtype=np.float32,
)

# Question vocabulary shared by `scenes` and `videos`: id -> word, id 0 is padding.
WORDS = [
    "<pad>", "what", "colour", "shape", "is", "the", "object", "how", "many", "shapes",
    "are", "there", "which", "way", "does", "move", "moving", "?",
    *COLOURS, *SHAPES,
]
WORD_IDS = {w: i for i, w in enumerate(WORDS)}
VOCAB_SIZE = len(WORDS)  # 25: use Embedding(input_dim=VOCAB_SIZE, ...)

# Answer vocabulary of this module: class id -> word.
ANSWERS = [*COLOURS, *SHAPES, "1", "2", "3"]
NUM_ANSWERS = len(ANSWERS)  # 10

# Question types (the "question_type" array).
COLOUR_OF_SHAPE, SHAPE_OF_COLOUR, COUNT = 0, 1, 2
QUESTION_TYPES = ["colour_of_shape", "shape_of_colour", "count"]

MAX_OBJECTS = 3
RADIUS_RANGE = (0.11, 0.18)  # object half-size as a fraction of the image size (before rounding)


# --------------------------------------------------------------------------- words
def encode(sentence: str | list[str], length: int = 8) -> np.ndarray:
    """Word ids of a sentence ("what colour is the square ?"), padded with 0 at the end."""
    words = sentence.split() if isinstance(sentence, str) else list(sentence)
    if len(words) > length:
        raise ValueError(f"{len(words)} words do not fit in length {length}: {sentence!r}")
    ids = np.zeros(length, dtype=np.int32)
    ids[: len(words)] = [WORD_IDS[w] for w in words]
    return ids


def decode(ids) -> str:
    """The sentence of a sequence of word ids (padding dropped)."""
    return " ".join(WORDS[int(i)] for i in np.asarray(ids).ravel() if int(i) != 0)


# ------------------------------------------------------------------------- drawing
def masks(shape, cx, cy, r, size: int) -> np.ndarray:
    """Boolean pixel masks of shapes, shape (..., size, size).

    ``shape`` (ids into SHAPES), ``cx``, ``cy`` (centre, in pixels; x = column,
    y = row, y grows downwards) and ``r`` (half-size) are broadcastable arrays of
    shape (...). A square spans [c - r, c + r] in x and y, a circle has radius r,
    a triangle points up with its apex at (cx, cy - r) and its base (width 2r) at cy + r.
    """
    shape = np.asarray(shape)[..., None, None]
    cx = np.asarray(cx, dtype=np.float32)[..., None, None]
    cy = np.asarray(cy, dtype=np.float32)[..., None, None]
    r = np.asarray(r, dtype=np.float32)[..., None, None]
    centres = np.arange(size, dtype=np.float32) + 0.5  # pixel centres
    dx = centres[None, :] - cx  # (..., 1, size)
    dy = centres[:, None] - cy  # (..., size, 1)
    square = (np.abs(dx) <= r) & (np.abs(dy) <= r)
    circle = dx * dx + dy * dy <= r * r
    triangle = (dy <= r) & (np.abs(dx) <= (dy + r) / 2)
    return np.where(shape == 0, square, np.where(shape == 1, circle, triangle))


def draw(shape, colour, cx, cy, r, size: int, present=None) -> np.ndarray:
    """Render K objects per image: arrays of shape (..., K) -> float32 images (..., size, size, 3).

    Objects with ``present == False`` are not drawn. Background is 0 (black); where
    objects overlap, each channel takes the larger value (the generators never overlap
    objects). ``scenes`` calls it with (n, 3) objects, ``videos`` with (n, frames, 1).
    """
    m = masks(shape, cx, cy, r, size)  # (..., K, size, size)
    if present is not None:
        m &= np.asarray(present, dtype=bool)[..., None, None]
    rgb = PALETTE[np.asarray(colour)]  # (..., K, 3)
    image = np.empty(m.shape[:-3] + m.shape[-2:] + (3,), dtype=np.float32)
    for c in range(3):
        image[..., c] = np.where(m, rgb[..., c, None, None], np.float32(0)).max(axis=-3)
    return image


def radii(rng, shape, size: int) -> np.ndarray:
    """Random half-sizes r = k + 0.5 (k >= 1 integer, about RADIUS_RANGE * size).

    With r = k + 0.5 and the centre on a pixel centre (see ``centre_range``), every
    shape is drawn left-right and top-bottom symmetric in its own way (a circle
    never degenerates into a square, a triangle always has a 1-pixel apex).
    """
    return np.maximum(np.floor(rng.uniform(*RADIUS_RANGE, size=shape) * size), 2.0) + 0.5


def centre_range(r, size: int):
    """(lo, hi) of the centre coordinate that keeps a 1-pixel background margin."""
    lo = np.floor(r) + 1.5
    return lo, size - lo


def snap(x):
    """Round coordinates to the nearest pixel centre below (k + 0.5)."""
    return np.floor(x) + 0.5


def _place(rng, n: int, k: int, size: int, active: np.ndarray):
    """Radii and pixel-centre centres of k objects per sample, bounding boxes 1+ pixel apart.

    Rejection sampling on whole samples: any sample with a clash between two of its
    active objects is redrawn entirely (vectorised over the samples still to do).
    """
    r = np.empty((n, k))
    cx = np.empty((n, k))
    cy = np.empty((n, k))
    todo = np.arange(n)
    for _ in range(10_000):
        m = todo.size
        rr = radii(rng, (m, k), size)
        lo, hi = centre_range(rr, size)
        xx = snap(rng.uniform(lo - 0.5, hi + 0.5))  # uniform over the allowed pixel centres
        yy = snap(rng.uniform(lo - 0.5, hi + 0.5))
        act = active[todo]
        clash = np.zeros(m, dtype=bool)
        for i in range(k):
            for j in range(i + 1, k):
                gap = np.floor(rr[:, i]) + np.floor(rr[:, j]) + 2  # >= 1 background pixel
                clash |= (act[:, i] & act[:, j]
                          & (np.abs(xx[:, i] - xx[:, j]) < gap)
                          & (np.abs(yy[:, i] - yy[:, j]) < gap))
        ok = ~clash
        r[todo[ok]], cx[todo[ok]], cy[todo[ok]] = rr[ok], xx[ok], yy[ok]
        todo = todo[clash]
        if todo.size == 0:
            return r, cx, cy
    raise RuntimeError("could not place objects without overlap")  # pragma: no cover


# ----------------------------------------------------------------------- generator
def generate(n: int, seed: int = 0, size: int = 32, question_len: int = 8) -> dict:
    """Generate ``n`` scenes with one question each.

    Returns a dict of numpy arrays:

    * ``image``: float32 (n, size, size, 3) in [0, 1]
    * ``question``: int32 (n, question_len), ids into ``WORDS`` (0 = padding at the end)
    * ``answer``: int32 (n,), class ids into ``ANSWERS`` (10 classes, balanced)
    * ``question_type``: int32 (n,), 0 colour-of-shape, 1 shape-of-colour, 2 count
    * ``shapes``, ``colours``: int32 (n, 3), ids into SHAPES / COLOURS of the
      objects drawn, -1 for empty slots (the ground truth, for printing and checks)

    Same ``seed`` -> identical arrays. Needs ``size >= 20`` and ``question_len >= 7``.
    """
    if question_len < 7:
        raise ValueError("question_len must be at least 7 (longest question has 7 words)")
    if size < 20:
        raise ValueError("size must be at least 20")
    rng = np.random.default_rng(seed)
    n_col, n_shp = len(COLOURS), len(SHAPES)
    answer = rng.permutation(np.arange(n) % NUM_ANSWERS).astype(np.int32)
    qtype = np.where(answer < n_col, COLOUR_OF_SHAPE,
                     np.where(answer < n_col + n_shp, SHAPE_OF_COLOUR, COUNT)).astype(np.int32)

    # Number of objects: the answer for count questions, else uniform 1..3.
    count = np.where(qtype == COUNT, answer - (n_col + n_shp) + 1,
                     rng.integers(1, MAX_OBJECTS + 1, size=n))
    active = np.arange(MAX_OBJECTS)[None, :] < count[:, None]  # slot 0 is the target
    colours = rng.integers(0, n_col, size=(n, MAX_OBJECTS))
    shapes = rng.integers(0, n_shp, size=(n, MAX_OBJECTS))
    # other objects must not share the attribute the question uses to pick the target:
    # draw an offset 1..(k-1) and add it to the target's value (mod k).
    cos = qtype == COLOUR_OF_SHAPE
    colours[cos, 0] = answer[cos]
    shapes[cos, 1:] = (shapes[cos, :1] + rng.integers(1, n_shp, size=(cos.sum(), 2))) % n_shp
    soc = qtype == SHAPE_OF_COLOUR
    shapes[soc, 0] = answer[soc] - n_col
    colours[soc, 1:] = (colours[soc, :1] + rng.integers(1, n_col, size=(soc.sum(), 2))) % n_col

    r, cx, cy = _place(rng, n, MAX_OBJECTS, size, active)
    image = draw(shapes, colours, cx, cy, r, size, present=active)

    question = np.zeros((n, question_len), dtype=np.int32)
    for i in range(n):
        if qtype[i] == COLOUR_OF_SHAPE:
            text = f"what colour is the {SHAPES[shapes[i, 0]]} ?"
        elif qtype[i] == SHAPE_OF_COLOUR:
            text = f"what shape is the {COLOURS[colours[i, 0]]} object ?"
        else:
            text = "how many shapes are there ?"
        question[i] = encode(text, question_len)

    # shuffle the slots so the target is not always slot 0 (metadata only)
    order = np.argsort(rng.random((n, MAX_OBJECTS)) + ~active, axis=1)
    rows = np.arange(n)[:, None]
    shapes = np.where(active, shapes, -1)[rows, order].astype(np.int32)
    colours = np.where(active, colours, -1)[rows, order].astype(np.int32)
    return {
        "image": image,
        "question": question,
        "answer": answer,
        "question_type": qtype,
        "shapes": shapes,
        "colours": colours,
    }
