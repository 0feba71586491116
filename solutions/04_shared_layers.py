"""Worked answers to lesson 04 (shared layers), checked by the lesson's own checks.

    python solutions/04_shared_layers.py            # the three checks
    python solutions/04_shared_layers.py --train    # also train the symmetric model (~15 s)
"""
import sys

import fnapi  # first: keeps TensorFlow's start-up logs out
import tensorflow as tf
from exercises import lesson04 as ex
from fnapi.layers import LSTM, Dense, Input, add, concatenate


# Exercise 1: the same shared layer, but the tape only sees one branch at a time.
# tf.stop_gradient lets the value through and blocks the gradient, so the loss is the
# same number while only one use of lstm.kernel counts.
def branch_gradients(lstm, dense, xa, xb, y):
    grads = []
    for keep in ("a", "b"):
        with tf.GradientTape() as tape:
            encoded_a, encoded_b = lstm(xa), lstm(xb)
            if keep == "a":
                encoded_b = tf.stop_gradient(encoded_b)
            else:
                encoded_a = tf.stop_gradient(encoded_a)
            p = dense(tf.concat([encoded_a, encoded_b], axis=-1))
            loss = tf.reduce_mean(fnapi.losses.binary_crossentropy(y, p))
        grads.append(tape.gradient(loss, lstm.kernel))
    return grads[0], grads[1]


# Exercise 2: share the head too. h([ea, eb]) + h([eb, ea]) is the same sum in either
# order (symmetric), and the relu inside h sees both encodings at once (it can compare).
def build_symmetric(length, chars):
    tweet_a = Input(shape=(length, chars))
    tweet_b = Input(shape=(length, chars))
    encoder = LSTM(16)
    encoded_a, encoded_b = encoder(tweet_a), encoder(tweet_b)
    pair_head = Dense(16, activation="relu")
    both_orders = add([pair_head(concatenate([encoded_a, encoded_b])),
                       pair_head(concatenate([encoded_b, encoded_a]))])
    same = Dense(1, activation="sigmoid")(both_orders)
    return fnapi.Model([tweet_a, tweet_b], same)


# Exercise 3: an LSTM has 4 gates; each gate has a kernel (chars x units), a recurrent
# kernel (units x units) and a bias (units). The head sees both encodings: 2 * units + 1.
def count_weights(units, chars, shared):
    lstm = 4 * units * (chars + units + 1)
    return (1 if shared else 2) * lstm + 2 * units + 1


def train_symmetric():
    """The lesson's data and training, with the symmetric model of exercise 2."""
    from coursedata import tweets

    fnapi.utils.set_random_seed(1)
    train_a, train_b, train_y = tweets.generate_pairs(2000, seed=0, length=40, alphabet=32)
    test_a, test_b, test_y = tweets.generate_pairs(1000, seed=1, length=40, alphabet=32)
    model = build_symmetric(40, 32)
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit([train_a, train_b], train_y, validation_data=([test_a, test_b], test_y),
                        epochs=8, batch_size=32, verbose=0)
    print(f"symmetric model, held-out accuracy: {history.history['val_accuracy'][-1]:.2f} "
          "(chance 0.50)")


if __name__ == "__main__":
    results = [ex.check_1(branch_gradients), ex.check_2(build_symmetric), ex.check_3(count_weights)]
    if "--train" in sys.argv:
        train_symmetric()
    raise SystemExit(0 if all(results) else 1)
