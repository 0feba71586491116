"""Worked answers to lesson 11 (save, load and extend), checked by the lesson's checks.

    python solutions/11_save_load_extend.py
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import tensorflow as tf

from exercises import lesson11 as ex
from fnapi.graph.names import snake_case
from fnapi.saving import register_serializable


# Exercise 1: a walk over plain JSON data. Every tensor in a call's arguments is a dict
# {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, tensor]}},
# wherever it sits (a merge layer's list, a tuple, a keyword argument): search them all, in
# order, and keep (layer, node index). Constants (training=True) are not tensors.
def calls_from_config(config):
    def tensors(value):
        if isinstance(value, dict):
            if value.get("class_name") == "__keras_tensor__":
                layer, node_index, _ = value["config"]["keras_history"]
                return [(layer, node_index)]
            return [t for v in value.values() for t in tensors(v)]
        if isinstance(value, list):
            return [t for v in value for t in tensors(v)]
        return []

    return {layer["name"]: [tensors(call) for call in layer["inbound_nodes"]]
            for layer in config["layers"]}


# Exercise 2 (the capstone): layer normalization. Each sample is normalized over its last
# axis, then scaled and shifted by learned gamma and beta (starting at 1 and 0: a new layer
# changes nothing but the normalization). epsilon sits under the square root, as in Keras.
# Registered, so that a .keras file names it "my_course>LayerNorm" and loads it by itself.
@register_serializable(package="my_course")
class LayerNorm(fnapi.layers.Layer):
    def __init__(self, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def build(self, input_shape):
        features = input_shape[-1]
        self.gamma = self.add_weight(name="gamma", shape=(features,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(features,), initializer="zeros")

    def compute_output_shape(self, input_shape):
        return input_shape

    def call(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[-1], keepdims=True)
        normalized = (inputs - mean) * tf.math.rsqrt(variance + self.epsilon)
        return normalized * self.gamma + self.beta

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}


# Exercise 3: the file's layout, by structure. A model's layers sit in `layers/`, each in a
# folder named after its class (as Keras names it: a model is "Functional"), counted per
# class in model.layers order; a layer's own weights are vars/0, vars/1, ... (an LSTM's in
# cell/vars); a nested model is a folder with its own layers/ inside. Names never appear.
def weight_paths(model, prefix=""):
    found, counts = {}, {}
    for layer in model.layers:
        is_model = isinstance(layer, fnapi.Model)
        base = snake_case("Functional" if is_model else type(layer).__name__)
        folder = base if base not in counts else f"{base}_{counts[base]}"
        counts[base] = counts.get(base, 0) + 1
        path = f"{prefix}layers/{folder}"
        if is_model:
            found.update(weight_paths(layer, prefix=f"{path}/"))
            continue
        own = f"{path}/cell/vars" if isinstance(layer, fnapi.layers.LSTM) else f"{path}/vars"
        for i, variable in enumerate(layer.weights):
            found[f"{own}/{i}"] = variable
    return found


if __name__ == "__main__":
    results = [ex.check_1(calls_from_config), ex.check_2(LayerNorm), ex.check_3(weight_paths)]
    raise SystemExit(0 if all(results) else 1)
