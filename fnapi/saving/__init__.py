"""Floor 4 of the house: models as files, in Keras 3's own format.

    keras_file.py       the `.keras` zip: config.json, metadata.json, model.weights.h5
    serialization.py    a whole model as JSON (graph, build and compile configs)
    compile_config.py   compile's settings written down and told again
    weights_h5.py       weights and optimizer state in HDF5 (h5py), Keras 3's layout
    registration.py     a learner's own classes, registered by name

It imports every floor below; `Model.save`, `save_weights` and `to_json` reach it with a
late import (as Keras's own do), the one place where a lower floor calls a higher one.
Loading never runs code from a file: classes are found by name among fnapi's own, the
registered ones and `custom_objects` (see `fnapi.registry`).
"""
from fnapi.saving.keras_file import load_model, load_weights_of_model_file, save_model
from fnapi.saving.registration import (get_registered_name, get_registered_object,
                                       register_serializable)
from fnapi.saving.serialization import model_from_json
from fnapi.saving.weights_h5 import load_weights, save_weights

__all__ = ["load_model", "save_model", "register_serializable", "get_registered_name",
           "get_registered_object", "model_from_json", "load_weights", "save_weights",
           "load_weights_of_model_file"]
