"""Short videos of one moving shape, with questions about its motion or colour (video QA).

Signal: each video (default 8 frames of 32x32 RGB, float32 in [0, 1], black
background) shows one coloured shape (colours and shapes as in ``scenes``) moving in
a straight line at constant speed, left, right, up or down (image coordinates: "up"
means towards row 0, the top of the picture), covering 30-50% of the image width
over the clip, snapped to whole pixels (the shape looks the same in every frame)
and staying fully inside the frame. The question is either
``which way does the <colour> <shape> move ?`` (answer: left/right/up/down, which
can only be read from how the shape's position changes across frames: no single
frame tells it for sure) or ``what colour is the moving <shape> ?`` (answer: its
colour, visible in any frame). The 8 answers are equally frequent (12.5% each, up
to rounding). Questions use the word ids of ``scenes.WORDS`` (0 = padding) and the
frames are drawn with ``scenes.draw``.
"""

from __future__ import annotations

import numpy as np

from . import scenes
from .scenes import COLOURS, SHAPES, WORDS, decode, encode  # noqa: F401  (re-exported)

DIRECTIONS = ["left", "right", "up", "down"]
# (dx, dy) unit step of each direction, in pixels (y grows downwards).
STEPS = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]], dtype=np.float64)

# Answer vocabulary of this module: class id -> word.
ANSWERS = [*DIRECTIONS, *COLOURS]
NUM_ANSWERS = len(ANSWERS)  # 8
VOCAB_SIZE = scenes.VOCAB_SIZE

# Question types (the "question_type" array).
DIRECTION, COLOUR = 0, 1
QUESTION_TYPES = ["direction", "colour"]

TRAVEL_RANGE = (0.30, 0.50)  # distance covered over the clip, as a fraction of the size


def generate(n: int, seed: int = 0, frames: int = 8, size: int = 32, question_len: int = 8) -> dict:
    """Generate ``n`` videos with one question each.

    Returns a dict of numpy arrays:

    * ``video``: float32 (n, frames, size, size, 3) in [0, 1]
    * ``question``: int32 (n, question_len), ids into ``scenes.WORDS`` (0 = padding)
    * ``answer``: int32 (n,), class ids into ``ANSWERS`` (8 classes, balanced)
    * ``question_type``: int32 (n,), 0 direction, 1 colour
    * ``direction``, ``colour``, ``shape``: int32 (n,), ground truth (ids into
      DIRECTIONS, COLOURS, SHAPES)
    * ``position``: float32 (n, frames, 2), the shape's centre (x, y) in pixels per frame

    Same ``seed`` -> identical arrays. Needs ``frames >= 2``, ``size >= 20`` and
    ``question_len >= 8``.
    """
    if frames < 2:
        raise ValueError("frames must be at least 2")
    if question_len < 8:
        raise ValueError("question_len must be at least 8 (longest question has 8 words)")
    if size < 20:
        raise ValueError("size must be at least 20")
    rng = np.random.default_rng(seed)
    n_dir, n_col = len(DIRECTIONS), len(COLOURS)
    answer = rng.permutation(np.arange(n) % NUM_ANSWERS).astype(np.int32)
    qtype = (answer >= n_dir).astype(np.int32)
    direction = np.where(qtype == DIRECTION, answer, rng.integers(0, n_dir, size=n)).astype(np.int32)
    colour = np.where(qtype == COLOUR, answer - n_dir, rng.integers(0, n_col, size=n)).astype(np.int32)
    shape = rng.integers(0, len(SHAPES), size=n).astype(np.int32)

    r = scenes.radii(rng, n, size)
    travel = rng.uniform(*TRAVEL_RANGE, size=n) * size
    lo, hi = scenes.centre_range(r, size)  # allowed range of the centre
    step = STEPS[direction]  # (n, 2)
    # start so that start + travel * step stays within [lo, hi] on both axes
    start = np.empty((n, 2))
    for axis in range(2):
        moving = step[:, axis] != 0
        low = np.where(step[:, axis] < 0, lo + travel, lo)
        high = np.where(step[:, axis] > 0, hi - travel, hi)
        start[:, axis] = rng.uniform(np.where(moving, low, lo), np.where(moving, high, hi))
    t = np.linspace(0.0, 1.0, frames)
    position = start[:, None, :] + t[None, :, None] * travel[:, None, None] * step[:, None, :]
    position = scenes.snap(position)  # whole pixels: the shape looks the same in every frame

    video = scenes.draw(
        np.repeat(shape[:, None, None], frames, axis=1),
        np.repeat(colour[:, None, None], frames, axis=1),
        position[..., 0:1], position[..., 1:2],
        np.repeat(r[:, None, None], frames, axis=1),
        size,
    )  # (n, frames, size, size, 3)

    question = np.zeros((n, question_len), dtype=np.int32)
    for i in range(n):
        if qtype[i] == DIRECTION:
            text = f"which way does the {COLOURS[colour[i]]} {SHAPES[shape[i]]} move ?"
        else:
            text = f"what colour is the moving {SHAPES[shape[i]]} ?"
        question[i] = encode(text, question_len)

    return {
        "video": video,
        "question": question,
        "answer": answer,
        "question_type": qtype,
        "direction": direction,
        "colour": colour,
        "shape": shape,
        "position": position.astype(np.float32),
    }
