"""Floor 1 of the house: layers. Each one is configuration + `build` + a shape rule + `call`."""
from fnapi.layers.base import Layer
from fnapi.layers.convolutional import Conv2D, MaxPooling2D
from fnapi.layers.core import Activation, Dense, Dropout, Flatten
from fnapi.layers.embedding import Embedding
from fnapi.layers.input_layer import Input, InputLayer
from fnapi.layers.input_spec import InputSpec
from fnapi.layers.lstm import LSTM
from fnapi.layers.merge import Add, Concatenate, add, concatenate
from fnapi.layers.time_distributed import TimeDistributed

__all__ = ["Layer", "Input", "InputLayer", "InputSpec", "Dense", "Activation", "Dropout", "Flatten",
           "Embedding", "LSTM", "Conv2D", "MaxPooling2D", "Concatenate", "Add",
           "concatenate", "add", "TimeDistributed"]
