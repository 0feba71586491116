"""News headlines -> will it be popular? (the guide's multi-input, multi-output example).

Signal: a headline is a sequence of word ids (default 100 ids over a vocabulary of
10,000; real words are 1..9999; 0 is padding, used only if ``min_len < seq_len``,
and then only at the end). A fixed set of ``n_hot`` (default 10) "hot" word ids
(``hot_words()``, the same for every seed) appears 2-4 times (``hot_count``) at
random places in half of the headlines and never in the others; the other words
follow a Zipf law, id order = frequency rank as in ``keras.datasets.imdb`` (id 1 is
the most frequent). The ``aux`` target is "contains a hot word", so it depends on
the words only and an auxiliary output right after the LSTM can learn it. Each
headline also has 5 auxiliary features (``FEATURES``): the hour it was posted
(hour / 23) and the weekday (Mon=0..Sun=6, / 6) carry signal, the other three are
distractors. The ``main`` target (popular) is the majority vote of three facts:
"contains a hot word", "posted in the evening (18-23 h)" and "posted at the weekend
(Sat/Sun)"; so the words alone give 75% accuracy on ``main`` and the words plus the
hour and weekday give 100%. The 8 combinations of the three facts are equally
frequent, so ``main`` and ``aux`` are both balanced (counts differ by at most 1).
"""

from __future__ import annotations

import numpy as np

FEATURES = [
    "hour / 23",                  # posting hour 0..23, scaled to [0, 1] (signal)
    "weekday / 6",                # Monday=0 .. Sunday=6, scaled to [0, 1] (signal)
    "log followers (standardised)",  # distractor, N(0, 1)
    "has image",                  # 0/1 (distractor)
    "minutes since last post / 60",  # distractor, exponential with mean 1
]
NUM_FEATURES = len(FEATURES)
EVENING = (18, 24)  # hours [18, 24) count as evening
WEEKEND = (5, 7)  # weekdays [5, 7) = Saturday, Sunday
ZIPF_EXPONENT, ZIPF_OFFSET = 1.5, 10.0  # ordinary words: p(rank k) ~ (k + 10) ** -1.5
HOT_SEED = 20_260_101  # fixes the hot word ids; independent of `seed`
# The 8 (hot, evening, weekend) combinations, ordered so that each pair of
# consecutive ones is complementary: any even prefix is balanced for aux and main.
_COMBOS = np.array([0, 7, 1, 6, 2, 5, 3, 4])


def word_frequencies(n_words: int) -> np.ndarray:
    """Zipf-like probabilities of the ordinary words, most frequent first (sums to 1)."""
    w = (np.arange(n_words) + ZIPF_OFFSET) ** -ZIPF_EXPONENT
    return w / w.sum()


def hot_words(vocab_size: int = 10_000, n_hot: int = 10) -> np.ndarray:
    """The sorted int32 ids of the hot words (same for every seed)."""
    if not 1 <= n_hot < vocab_size // 2:
        raise ValueError("need 1 <= n_hot < vocab_size // 2")
    rng = np.random.default_rng(HOT_SEED)
    return np.sort(rng.choice(np.arange(1, vocab_size), size=n_hot, replace=False)).astype(np.int32)


def generate(n: int, seed: int = 0, vocab_size: int = 10_000, seq_len: int = 100, n_hot: int = 10,
             hot_count: tuple[int, int] = (2, 4), min_len: int | None = None) -> dict:
    """Generate ``n`` headlines.

    Returns a dict of numpy arrays:

    * ``headline``: int32 (n, seq_len), word ids in 1..vocab_size-1; with ``min_len``
      < seq_len the lengths are uniform in [min_len, seq_len] and 0 pads the end
    * ``features``: float32 (n, 5), the auxiliary features, see ``FEATURES``
    * ``main``: float32 (n, 1), 1.0 = popular (majority of hot word / evening / weekend)
    * ``aux``: float32 (n, 1), 1.0 = the headline contains a hot word

    Same ``seed`` -> identical arrays; the hot words do not depend on the seed, so
    ``generate(n, seed=1)`` is a fresh test set for a model trained on seed 0.

    Learnability (measured, CPU): Embedding(10000, 16) + LSTM(16), aux loss weight 0.2,
    Adam(3e-3), 4,000 headlines, 3 epochs (6-7 s): aux 0.91-0.96, main 0.87-0.89 on a
    fresh seed; with ``vocab_size=1000, seq_len=30``, 3,000 headlines, 4 epochs (3-6 s):
    aux 0.99-1.0, main ~0.90 (main reaches ~1.0 with more epochs). Adam's default 1e-3
    needs more epochs. Post-padding (``min_len < seq_len``) makes it much harder
    for a plain LSTM (it must carry the answer through the padding).
    """
    if seq_len < 2:
        raise ValueError("seq_len must be at least 2")
    rng = np.random.default_rng(seed)
    hot = hot_words(vocab_size, n_hot)
    combo = rng.permutation(_COMBOS[np.arange(n) % 8])
    is_hot, evening, weekend = (combo >> 2) & 1, (combo >> 1) & 1, combo & 1

    min_len = seq_len if min_len is None else min_len
    if not 1 <= min_len <= seq_len:
        raise ValueError("need 1 <= min_len <= seq_len")
    if not 1 <= hot_count[0] <= hot_count[1] <= seq_len:
        raise ValueError("need 1 <= hot_count[0] <= hot_count[1] <= seq_len")
    length = rng.integers(min_len, seq_len + 1, size=n)
    cold = np.setdiff1d(np.arange(1, vocab_size), hot)
    headline = rng.choice(cold, p=word_frequencies(cold.size), size=(n, seq_len))
    pos = np.arange(seq_len)[None, :]
    # put hot_count[0]..hot_count[1] hot words at distinct random positions among the real words
    k_max = hot_count[1]
    n_hot_words = np.where(is_hot == 1, rng.integers(hot_count[0], k_max + 1, size=n), 0)
    keys = rng.random((n, seq_len)) + (pos >= length[:, None])  # padding sorts last
    slots = np.argsort(keys, axis=1)[:, :k_max]
    chosen = hot[rng.integers(0, hot.size, size=(n, k_max))]
    rows = np.arange(n)[:, None]
    put = np.arange(k_max)[None, :] < n_hot_words[:, None]
    headline[rows, slots] = np.where(put, chosen, headline[rows, slots])
    headline[pos >= length[:, None]] = 0

    hour = np.where(evening == 1, rng.integers(*EVENING, size=n), rng.integers(0, EVENING[0], size=n))
    weekday = np.where(weekend == 1, rng.integers(*WEEKEND, size=n), rng.integers(0, WEEKEND[0], size=n))
    features = np.stack(
        [
            hour / 23.0,
            weekday / 6.0,
            rng.normal(0.0, 1.0, size=n),
            rng.integers(0, 2, size=n),
            rng.exponential(1.0, size=n),
        ],
        axis=1,
    ).astype(np.float32)
    main = (is_hot + evening + weekend >= 2).astype(np.float32)[:, None]
    return {
        "headline": headline.astype(np.int32),
        "features": features,
        "main": main,
        "aux": is_hot.astype(np.float32)[:, None],
    }
