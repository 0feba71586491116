"""Floor 2 of the house: training. compile/fit/evaluate/predict on tf.GradientTape, the
data they take (arrays, tf.data, generators: one stream of batches), and tf.distribute."""
