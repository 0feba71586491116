"""What a layer accepts: a rank, and the sizes its weights were made for (Keras's InputSpec).

A layer states its rank in `__init__` (a Conv2D wants images: rank 4) and fixes sizes in
`build` (a Dense built for 784 features wants 784 features from then on). Every call is
checked against the spec before any work is done. The messages are Keras's own, word for
word, so that a learner who searches for one finds the answers written for Keras.
"""


class InputSpec:
    """`ndim`: the exact rank; `min_ndim`: the least rank; `axes`: `{axis: size}`."""

    def __init__(self, ndim=None, min_ndim=None, axes=None):
        self.ndim, self.min_ndim, self.axes = ndim, min_ndim, dict(axes or {})

    def check(self, layer_name, shape, input_index=0):
        """Raise ValueError (Keras's wording) if `shape` does not fit this spec."""
        where = f'Input {input_index} of layer "{layer_name}" is incompatible with the layer:'
        shape = tuple(shape)
        if self.ndim is not None and len(shape) != self.ndim:
            raise ValueError(f"{where} expected ndim={self.ndim}, found ndim={len(shape)}. "
                             f"Full shape received: {shape}")
        if self.min_ndim is not None and len(shape) < self.min_ndim:
            raise ValueError(f"{where} expected min_ndim={self.min_ndim}, found "
                             f"ndim={len(shape)}. Full shape received: {shape}")
        for axis, size in self.axes.items():
            if -len(shape) <= axis < len(shape) and shape[axis] not in (None, size):
                raise ValueError(f"{where} expected axis {axis} of input shape to have value "
                                 f"{size}, but received input with shape {shape}")

    def __repr__(self):
        return f"InputSpec(ndim={self.ndim}, min_ndim={self.min_ndim}, axes={self.axes})"
