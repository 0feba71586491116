"""Tweets by synthetic authors, as one-hot character matrices (the guide's shared-LSTM example).

Signal: there are ``n_authors`` authors (default 8), fixed by ``style_seed`` (not by
``seed``, so tweets from different seeds come from the same authors). Each author
writes with a Markov chain over the ``alphabet`` character ids: every character is,
with probability 0.3, the author's habitual successor of the previous character
(a fixed random bigram habit per author and character), otherwise a draw from the
author's own character distribution, which puts 70% of its mass on a personal set of
``alphabet // 4`` favourite characters and spreads the rest over all others. So two
tweets by the same author share favourite characters and bigrams; tweets by
different authors mostly do not. ``generate_pairs`` returns pairs of tweets, half by
the same author (label 1.0) and half by two different authors (label 0.0); comparing
the character histograms of the two tweets already separates them far above chance,
and a shared LSTM encoder learns it.

Which model learns it: the pair label is symmetric and each tweet alone says nothing
about it, so the guide's exact head (concatenate the two encodings -> Dense(1,
sigmoid)), being additive in the two tweets, stays near chance (measured 0.49). Put a
hidden layer after
the concatenation: shared LSTM(32), concatenate, Dense(32, relu), Dense(1, sigmoid),
Adam(3e-3), 3,000 pairs at length=40, alphabet=32, 5 epochs (~6 s on CPU): 0.84
accuracy on pairs from another seed (a hand-made histogram-similarity rule: ~0.89).

Memory: one-hot tweets are float32 (length x alphabet): 280 KB each at the guide's
(280, 256); 1,000 pairs take 573 MB. Lessons should use e.g. length=40, alphabet=32,
or ``one_hot=False`` (int32 character ids).
"""

from __future__ import annotations

import numpy as np

HABIT = 0.3  # probability of the author's habitual next character
FAVOURITE_MASS = 0.7  # share of an author's character distribution on their favourites
STYLE_SEED = 1234


def styles(n_authors: int = 8, alphabet: int = 256, style_seed: int = STYLE_SEED):
    """The authors' styles: ``(unigram, habit)``.

    ``unigram``: float64 (n_authors, alphabet), each row a probability distribution.
    ``habit``: int64 (n_authors, alphabet), the habitual successor of each character.
    """
    if alphabet < 8:
        raise ValueError("alphabet must be at least 8")
    n_fav = alphabet // 4
    unigram = np.full((n_authors, alphabet), (1 - FAVOURITE_MASS) / (alphabet - n_fav))
    habit = np.empty((n_authors, alphabet), dtype=np.int64)
    for a in range(n_authors):  # author a's style depends only on (style_seed, a)
        rng = np.random.default_rng([style_seed, a])
        fav = rng.choice(alphabet, size=n_fav, replace=False)
        weights = rng.uniform(0.5, 1.5, size=n_fav)
        unigram[a, fav] = FAVOURITE_MASS * weights / weights.sum()
        habit[a] = rng.integers(0, alphabet, size=alphabet)
    return unigram, habit


def _write(rng, authors, length, alphabet, style_seed):
    """Character ids int32 (len(authors), length) written by the given authors."""
    n = len(authors)
    unigram, habit = styles(int(authors.max(initial=0)) + 1, alphabet, style_seed)
    cdf = np.cumsum(unigram, axis=1)
    cdf[:, -1] = 1.0
    u = rng.random((n, length))
    draws = np.empty((n, length), dtype=np.int64)
    for a in np.unique(authors):
        rows = authors == a
        draws[rows] = np.searchsorted(cdf[a], u[rows], side="right")
    use_habit = rng.random((n, length)) < HABIT
    chars = np.empty((n, length), dtype=np.int64)
    chars[:, 0] = draws[:, 0]
    for t in range(1, length):
        chars[:, t] = np.where(use_habit[:, t], habit[authors, chars[:, t - 1]], draws[:, t])
    return chars.astype(np.int32)


def _one_hot(chars, alphabet):
    out = np.zeros((*chars.shape, alphabet), dtype=np.float32)
    np.put_along_axis(out, chars[..., None], 1.0, axis=-1)
    return out


def generate(n: int, seed: int = 0, length: int = 280, alphabet: int = 256, n_authors: int = 8,
             one_hot: bool = True, style_seed: int = STYLE_SEED):
    """``n`` single tweets: ``(tweets, authors)``.

    ``tweets``: float32 (n, length, alphabet) one-hot (or int32 (n, length) character
    ids if ``one_hot=False``); ``authors``: int32 (n,) in 0..n_authors-1, balanced.
    """
    rng = np.random.default_rng(seed)
    authors = rng.permutation(np.arange(n) % n_authors).astype(np.int32)
    chars = _write(rng, authors, length, alphabet, style_seed)
    return (_one_hot(chars, alphabet) if one_hot else chars), authors


def generate_pairs(n: int, seed: int = 0, length: int = 280, alphabet: int = 256, n_authors: int = 8,
                   one_hot: bool = True, style_seed: int = STYLE_SEED):
    """``n`` pairs of tweets: ``(tweet_a, tweet_b, same_author)``.

    ``tweet_a``, ``tweet_b``: float32 (n, length, alphabet) one-hot (or int32
    (n, length) ids if ``one_hot=False``); ``same_author``: float32 (n, 1), 1.0 if both
    tweets are by the same author, exactly half of the pairs (up to 1 for odd n).
    Authors of ``tweet_a`` are balanced; a different author is uniform over the others.
    """
    if n_authors < 2:
        raise ValueError("need at least 2 authors")
    rng = np.random.default_rng(seed)
    same = rng.permutation(np.arange(n) % 2).astype(bool)
    author_a = rng.permutation(np.arange(n) % n_authors)
    other = (author_a + rng.integers(1, n_authors, size=n)) % n_authors
    author_b = np.where(same, author_a, other)
    chars = _write(rng, np.concatenate([author_a, author_b]), length, alphabet, style_seed)
    a, b = chars[:n], chars[n:]
    if one_hot:
        a, b = _one_hot(a, alphabet), _one_hot(b, alphabet)
    return a, b, same.astype(np.float32)[:, None]
