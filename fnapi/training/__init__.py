"""Floor 3 of the house: training. compile/fit/evaluate/predict on tf.GradientTape."""
