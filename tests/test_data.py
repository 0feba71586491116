"""Tests of the course data (package ``coursedata``, folder ``data/``). Pure numpy, a few seconds.

Balance tolerance: every generator builds its labels by stratification, so class
counts may differ by at most 1 (binary labels) or be exactly n / n_classes when n is
a multiple of the number of classes; the tests assert exactly that.
"""

import numpy as np
import pytest

from coursedata import headlines, mnist, scenes, tweets, videos


# ----------------------------------------------------------------------------- helpers
def components(fg):
    """Connected components (4-neighbour) of boolean images (n, h, w): int labels, 0 = background.

    Vectorised label propagation: every foreground pixel starts with a unique id and
    repeatedly takes the largest id among itself and its foreground neighbours.
    """
    n, h, w = fg.shape
    lab = np.where(fg, np.arange(1, n * h * w + 1).reshape(n, h, w), 0)
    while True:
        m = lab.copy()
        m[:, 1:, :] = np.maximum(m[:, 1:, :], lab[:, :-1, :])
        m[:, :-1, :] = np.maximum(m[:, :-1, :], lab[:, 1:, :])
        m[:, :, 1:] = np.maximum(m[:, :, 1:], lab[:, :, :-1])
        m[:, :, :-1] = np.maximum(m[:, :, :-1], lab[:, :, 1:])
        m = np.where(fg, m, 0)
        if np.array_equal(m, lab):
            return lab
        lab = m


def parse_objects(image, lab):
    """[(colour_id, shape_id, n_pixels, centroid_xy)] of each component of one image."""
    objects = []
    for c in np.unique(lab[lab > 0]):
        ys, xs = np.nonzero(lab == c)
        rgb = image[ys, xs].mean(axis=0)
        colour = int(np.argmin(((scenes.PALETTE - rgb) ** 2).sum(axis=1)))
        widths = np.bincount(ys - ys.min())  # pixels per row, top to bottom
        if len(ys) == widths.size * (np.ptp(xs) + 1):
            shape = 0  # square: fills its bounding box
        elif widths[-1] - widths[0] >= 2:
            shape = 2  # triangle: apex on top, wide base
        else:
            shape = 1  # circle: corners cut, top and bottom rows alike
        objects.append((colour, shape, len(ys), (xs.mean() + 0.5, ys.mean() + 0.5)))
    return objects


def assert_deterministic(make):
    a, b, c = make(0), make(0), make(1)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert any(not np.array_equal(a[k], c[k]) for k in a), "seed 1 gave the same data as seed 0"


# ------------------------------------------------------------------------------- MNIST
def test_mnist_file():
    with np.load(mnist.PATH, allow_pickle=False) as f:
        assert sorted(f.files) == ["images", "labels"]
    x, y = mnist.load_all()
    assert x.shape == (5000, 28, 28) and x.dtype == np.uint8
    assert y.shape == (5000,) and y.dtype == np.uint8
    assert np.all(np.bincount(y, minlength=10) == 500)
    assert x.max() == 255 and x.min() == 0
    assert (x[:, 0, :] == 0).mean() > 0.99  # black border, white ink: not transposed/inverted


def test_mnist_split():
    (xtr, ytr), (xte, yte) = mnist.load_data()
    assert xtr.shape == (4000, 28, 28) and xte.shape == (1000, 28, 28)
    assert ytr.shape == (4000,) and yte.shape == (1000,)
    assert xtr.dtype == xte.dtype == ytr.dtype == yte.dtype == np.uint8
    assert np.all(np.bincount(ytr, minlength=10) == 400)  # stratified
    assert np.all(np.bincount(yte, minlength=10) == 100)
    assert len(set(np.unique(ytr[:50]))) > 5  # shuffled, not sorted by class
    # deterministic, seed-dependent
    (xtr2, ytr2), (xte2, yte2) = mnist.load_data()
    assert np.array_equal(xtr, xtr2) and np.array_equal(yte, yte2) and np.array_equal(xte, xte2)
    (_, _), (xte3, _) = mnist.load_data(seed=1)
    assert not np.array_equal(xte, xte3)
    # no overlap, nothing lost (the 5,000 images are all distinct)
    train = {im.tobytes() for im in xtr}
    test = {im.tobytes() for im in xte}
    assert not train & test
    assert len(train | test) == 5000
    (a, _), (b, _) = mnist.load_data(test_fraction=0.1)
    assert len(a) == 4500 and len(b) == 500


def test_mnist_labels_match_images():
    # nearest class mean on raw pixels gets ~80% on MNIST; 10% if labels were misaligned
    (xtr, ytr), (xte, yte) = mnist.load_data()
    xtr, xte = xtr.reshape(len(xtr), -1) / 255.0, xte.reshape(len(xte), -1) / 255.0
    means = np.stack([xtr[ytr == c].mean(axis=0) for c in range(10)])
    dist = (xte**2).sum(1)[:, None] - 2 * xte @ means.T + (means**2).sum(1)[None, :]
    assert (dist.argmin(axis=1) == yte).mean() > 0.7


# --------------------------------------------------------------------------- headlines
def test_headlines_format():
    assert_deterministic(lambda s: headlines.generate(200, seed=s))
    d = headlines.generate(1000)
    assert d["headline"].shape == (1000, 100) and d["headline"].dtype == np.int32
    assert d["features"].shape == (1000, 5) and d["features"].dtype == np.float32
    for key in ("main", "aux"):
        assert d[key].shape == (1000, 1) and d[key].dtype == np.float32
        assert set(np.unique(d[key])) == {0.0, 1.0}
        assert d[key].sum() == 500  # exactly balanced
    assert d["headline"].min() >= 1 and d["headline"].max() <= 9999  # no padding by default
    assert np.all((d["features"][:, :2] >= 0) & (d["features"][:, :2] <= 1))


def test_headlines_padding_and_small_vocab():
    d = headlines.generate(501, seed=3, vocab_size=500, seq_len=20, min_len=5)
    h = d["headline"]
    assert h.shape == (501, 20) and h.max() <= 499 and h.min() == 0
    real = h > 0
    assert np.all(real[:, :5])  # at least min_len words
    assert np.all(real[:, :-1] >= real[:, 1:])  # padding only at the end
    assert abs(d["main"].sum() - 250.5) <= 0.5 and abs(d["aux"].sum() - 250.5) <= 0.5
    hot = np.isin(h, headlines.hot_words(500)).any(axis=1)
    np.testing.assert_array_equal(hot, d["aux"][:, 0] == 1)


def test_headlines_signal():
    d = headlines.generate(2000, seed=5)
    hot = np.isin(d["headline"], headlines.hot_words()).any(axis=1)
    np.testing.assert_array_equal(hot, d["aux"][:, 0] == 1)  # aux: words only
    hour = np.rint(d["features"][:, 0] * 23)
    weekday = np.rint(d["features"][:, 1] * 6)
    vote = hot.astype(int) + (hour >= 18) + (weekday >= 5)
    np.testing.assert_array_equal(vote >= 2, d["main"][:, 0] == 1)  # main: words + features
    # the features alone cannot give aux, the words alone give main only 75%
    assert abs(np.corrcoef(d["features"][:, 0], d["aux"][:, 0])[0, 1]) < 0.1
    assert 0.7 < (hot == (d["main"][:, 0] == 1)).mean() < 0.8
    # hot words are fixed across seeds (a test set from another seed shares them)
    np.testing.assert_array_equal(headlines.hot_words(), headlines.hot_words())
    d2 = headlines.generate(500, seed=9)
    np.testing.assert_array_equal(np.isin(d2["headline"], headlines.hot_words()).any(1), d2["aux"][:, 0] == 1)


# ------------------------------------------------------------------------------ tweets
def histograms(chars, alphabet):
    return np.stack([np.bincount(row, minlength=alphabet) for row in chars]).astype(float)


def test_tweets_format():
    a, b, y = tweets.generate_pairs(101, seed=0, length=40, alphabet=32)
    assert a.shape == b.shape == (101, 40, 32) and a.dtype == b.dtype == np.float32
    assert np.all(a.sum(-1) == 1) and set(np.unique(a)) == {0.0, 1.0}
    assert y.shape == (101, 1) and y.dtype == np.float32 and set(np.unique(y)) == {0.0, 1.0}
    assert abs(y.sum() - 50.5) <= 0.5
    a2, b2, y2 = tweets.generate_pairs(101, seed=0, length=40, alphabet=32)
    assert np.array_equal(a, a2) and np.array_equal(b, b2) and np.array_equal(y, y2)
    a3, _, y3 = tweets.generate_pairs(101, seed=1, length=40, alphabet=32)
    assert not np.array_equal(a, a3) and not np.array_equal(y, y3)
    ia, ib, iy = tweets.generate_pairs(101, seed=0, length=40, alphabet=32, one_hot=False)
    assert ia.dtype == np.int32 and np.array_equal(ia, a.argmax(-1)) and np.array_equal(iy, y)
    big, _, _ = tweets.generate_pairs(4)  # the guide's size
    assert big.shape == (4, 280, 256)
    t, authors = tweets.generate(80, length=40, alphabet=32)
    assert t.shape == (80, 40, 32) and authors.dtype == np.int32
    assert np.all(np.bincount(authors) == 10)


def test_tweets_signal():
    # same author <=> similar character histograms: cosine similarity recovers the label
    a, b, y = tweets.generate_pairs(1000, seed=2, length=40, alphabet=32, one_hot=False)
    ha, hb = histograms(a, 32), histograms(b, 32)
    cos = (ha * hb).sum(1) / np.linalg.norm(ha, axis=1) / np.linalg.norm(hb, axis=1)
    assert ((cos > np.median(cos)) == (y[:, 0] == 1)).mean() > 0.8
    # authors are the same for every seed: centroids from seed 0 classify seed 1
    t0, au0 = tweets.generate(800, seed=0, length=40, alphabet=32, one_hot=False)
    t1, au1 = tweets.generate(800, seed=1, length=40, alphabet=32, one_hot=False)
    h0, h1 = histograms(t0, 32), histograms(t1, 32)
    centroids = np.stack([h0[au0 == k].mean(0) for k in range(8)])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    assert ((h1 @ centroids.T).argmax(1) == au1).mean() > 0.9
    # an author's style does not depend on how many authors there are
    u4, h4 = tweets.styles(4, 32)
    u8, h8 = tweets.styles(8, 32)
    assert np.array_equal(u4, u8[:4]) and np.array_equal(h4, h8[:4])


# ------------------------------------------------------------------------------ scenes
def test_scenes_format():
    assert_deterministic(lambda s: scenes.generate(100, seed=s))
    d = scenes.generate(1000)
    assert d["image"].shape == (1000, 32, 32, 3) and d["image"].dtype == np.float32
    assert d["image"].min() >= 0 and d["image"].max() <= 1
    assert d["question"].shape == (1000, 8) and d["question"].dtype == np.int32
    q = d["question"]
    assert q.min() >= 0 and q.max() < scenes.VOCAB_SIZE and np.all(q[:, 0] > 0)
    assert np.all((q[:, :-1] > 0) >= (q[:, 1:] > 0))  # padding only at the end
    assert d["answer"].dtype == np.int32
    assert np.all(np.bincount(d["answer"], minlength=10) == 100)  # balanced
    assert scenes.decode(scenes.encode("what colour is the square ?")) == "what colour is the square ?"
    assert scenes.WORDS[0] == "<pad>" and len(scenes.ANSWERS) == 10
    assert scenes.generate(10, size=48, question_len=12)["image"].shape == (10, 48, 48, 3)


def test_scenes_answers_match_pixels():
    d = scenes.generate(300, seed=4)
    fg = d["image"].max(-1) > 0
    lab = components(fg)
    for i in range(300):
        objs = parse_objects(d["image"][i], lab[i])
        truth = sorted((c, s) for c, s in zip(d["colours"][i], d["shapes"][i]) if c >= 0)
        assert sorted((c, s) for c, s, _, _ in objs) == truth, i  # metadata = what is drawn
        words = scenes.decode(d["question"][i]).split()
        if words[1] == "colour":  # what colour is the <shape> ?
            hits = [c for c, s, _, _ in objs if scenes.SHAPES[s] == words[4]]
            assert len(hits) == 1 and scenes.ANSWERS[d["answer"][i]] == scenes.COLOURS[hits[0]], i
        elif words[1] == "shape":  # what shape is the <colour> object ?
            hits = [s for c, s, _, _ in objs if scenes.COLOURS[c] == words[4]]
            assert len(hits) == 1 and scenes.ANSWERS[d["answer"][i]] == scenes.SHAPES[hits[0]], i
        else:  # how many shapes are there ?
            assert words[:2] == ["how", "many"]
            assert scenes.ANSWERS[d["answer"][i]] == str(len(objs)), i


# ------------------------------------------------------------------------------ videos
def test_videos_format():
    assert_deterministic(lambda s: videos.generate(50, seed=s))
    d = videos.generate(400)
    assert d["video"].shape == (400, 8, 32, 32, 3) and d["video"].dtype == np.float32
    assert d["video"].min() >= 0 and d["video"].max() <= 1
    assert d["question"].shape == (400, 8) and d["question"].dtype == np.int32
    assert d["question"].max() < scenes.VOCAB_SIZE
    assert d["answer"].dtype == np.int32 and np.all(np.bincount(d["answer"], minlength=8) == 50)
    assert videos.WORDS is scenes.WORDS
    assert videos.generate(5, frames=4, size=24)["video"].shape == (5, 4, 24, 24, 3)


def test_videos_motion_matches_answer():
    n, size = 200, 32
    d = videos.generate(n, seed=6)
    v = d["video"]
    fg = v.max(-1) > 0  # (n, frames, h, w)
    ys, xs = np.arange(size) + 0.5, np.arange(size) + 0.5
    count = fg.sum((2, 3))
    assert np.all(count > 10)
    assert np.all(count.min(1) == count.max(1))  # the same whole shape in every frame
    assert not fg[:, :, 0, :].any() and not fg[:, :, -1, :].any()
    assert not fg[:, :, :, 0].any() and not fg[:, :, :, -1].any()
    cx = (fg * xs[None, None, None, :]).sum((2, 3)) / count
    cy = (fg * ys[None, None, :, None]).sum((2, 3)) / count
    symmetric = d["shape"] != 2  # squares and circles: centroid = centre
    np.testing.assert_allclose(cx[symmetric], d["position"][symmetric, :, 0], atol=1e-4)
    np.testing.assert_allclose(cy[symmetric], d["position"][symmetric, :, 1], atol=1e-4)
    move = np.stack([cx[:, -1] - cx[:, 0], cy[:, -1] - cy[:, 0]], axis=1)
    # image convention: x = column (grows right), y = row (grows DOWN), so "up" is -y
    unit = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}
    steps = np.array([unit[w] for w in videos.DIRECTIONS], dtype=float)
    seen = np.argmax(move @ steps.T, axis=1)
    np.testing.assert_array_equal(seen, d["direction"])
    assert np.all(np.linalg.norm(move, axis=1) > 0.25 * size)
    assert np.all(np.abs(move).min(axis=1) < 1.0)  # straight along one axis
    # steady motion: each frame moves the same way
    step = np.diff(np.stack([cx, cy], -1), axis=1) @ steps.T  # (n, frames-1, 4)
    assert np.all(np.take_along_axis(step, d["direction"][:, None, None], 2) > 0)
    for i in range(n):
        pix = v[i][fg[i]]
        colour = int(np.argmin(((scenes.PALETTE - pix.mean(0)) ** 2).sum(1)))
        assert colour == d["colour"][i]
        words = scenes.decode(d["question"][i]).split()
        answer = videos.ANSWERS[d["answer"][i]]
        if words[0] == "which":  # which way does the <colour> <shape> move ?
            assert words[4:6] == [scenes.COLOURS[colour], scenes.SHAPES[d["shape"][i]]]
            assert answer == videos.DIRECTIONS[seen[i]]
        else:  # what colour is the moving <shape> ?
            assert words[5] == scenes.SHAPES[d["shape"][i]]
            assert answer == scenes.COLOURS[colour]
