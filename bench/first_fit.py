"""One first-fit scenario in a fresh process: how long a learner waits for the guide's
small examples. Imports are not timed; the clock runs from building the model through
compile, the first `fit` and a `predict`. Prints the seconds.

    python bench/first_fit.py keras|fnapi mlp|headline|tweets

Scenarios, as the guide writes them: the MLP on 1000 digits-sized rows for 1 epoch; the
multi-I/O headline model with its 12 rows x 50 epochs; the shared-LSTM tweet model on
64 tweets.
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
LIB, SCENARIO = sys.argv[1], sys.argv[2]
lib = __import__(LIB)  # noqa: E402  (fnapi or keras, imported before the clock starts)
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guide_models  # noqa: E402

SETTINGS = {  # scenario -> (builder, rows, epochs)
    "mlp": (guide_models.mlp, 1000, 1),
    "headline": (guide_models.headline, 12, 50),
    "tweets": (guide_models.tweets, 64, 1),
}

np.random.seed(0)
build, rows, epochs = SETTINGS[SCENARIO]
start = time.perf_counter()
model, loss, data, labels = build(lib, n=rows)
model.compile(optimizer="rmsprop", loss=loss)
model.fit(data, labels, batch_size=32, epochs=epochs, verbose=0)
model.predict(data, verbose=0)
print(f"{time.perf_counter() - start:.3f}")
