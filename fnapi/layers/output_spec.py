"""What a call returns, known before any number is computed: shapes, dtypes, structure.

A layer with a shape rule (`compute_output_shape`) answers from its input shape alone:
all of fnapi's own layers have one. A layer without one, typically a learner's own layer
that defines only `build` and `call`, is asked by running `call` once on placeholders in a
throwaway `tf.function` trace: TensorFlow's graph builder works out every static shape and
dtype on the way, and no number is computed. Keras does the same (`compute_output_spec`).
"""
import tensorflow as tf

from fnapi.graph import SymbolicTensor, flatten, is_symbolic, map_structure, pack_like


def is_shape(value):
    """A shape is a tuple of sizes (int or None); a list or dict of shapes is several."""
    return isinstance(value, tuple) and all(d is None or isinstance(d, int) for d in value)


def flat_shapes(shapes):
    """One shape tuple, or a list/dict of them -> a flat list of shape tuples."""
    if is_shape(shapes):
        return [shapes]
    items = shapes.values() if isinstance(shapes, dict) else shapes
    return [one for item in items for one in flat_shapes(item)]


def shapes_of(tensors):
    """The shape of each tensor, in the structure of `tensors` (one tuple for one tensor)."""
    return map_structure(lambda t: tuple(t.shape), tensors)


def dtypes_of(tensors):
    return map_structure(lambda t: tf.as_dtype(t.dtype), tensors)


def specs_from_rule(shapes, dtypes):
    """Symbolic tensors for a shape rule's answer: one shape tuple, or a list/dict of them.

    `dtypes` is one dtype for every output, or the same structure as `shapes`. A shape may
    also be written as a list of sizes or a `tf.TensorShape`, as Keras accepts.
    """
    shapes = _as_shape_tuple(shapes)
    if is_shape(shapes):
        return SymbolicTensor(shapes, dtypes)
    keys = list(shapes) if isinstance(shapes, dict) else range(len(shapes))
    one_dtype = not isinstance(dtypes, (list, tuple, dict))
    specs = [SymbolicTensor(_as_shape_tuple(shapes[k]), dtypes if one_dtype else dtypes[k])
             for k in keys]
    return dict(zip(keys, specs)) if isinstance(shapes, dict) else specs


def _as_shape_tuple(value):
    if isinstance(value, tf.TensorShape) and value.rank is not None:
        return tuple(value.as_list())
    if isinstance(value, list) and value and all(d is None or isinstance(d, int) for d in value):
        return tuple(value)
    return value


def trace_output_spec(layer, call, args, kwargs):
    """Run `call(*args, **kwargs)` with every symbolic tensor replaced by a placeholder of
    its shape and dtype; -> the outputs as symbolic tensors, in the structure `call` returned.

    Raises ValueError naming `layer` if `call` fails on such inputs or returns non-tensors.
    """
    leaves = flatten((args, kwargs))
    specs = [tf.TensorSpec(x.shape, x.dtype) for x in leaves if is_symbolic(x)]

    def run(*tensors):
        given = iter(tensors)
        call_args, call_kwargs = pack_like((args, kwargs),
                                           [next(given) if is_symbolic(x) else x for x in leaves])
        return call(*call_args, **call_kwargs)

    try:
        outputs = tf.function(run, autograph=False).get_concrete_function(
            *specs).structured_outputs
    except Exception as error:  # noqa: BLE001 (any failure of the user's call is explained)
        shapes = [s.shape.as_list() for s in specs]
        raise ValueError(f"Layer {layer.name} ({type(layer).__name__}) failed on symbolic "
                         f"inputs of shape {shapes} while its output shape was worked out "
                         f"by running its `call`: {type(error).__name__}: {error}") from error
    return map_structure(lambda t: _as_symbolic(layer, t), outputs)


def _as_symbolic(layer, value):
    if not isinstance(value, tf.Tensor) or value.shape.rank is None:
        raise ValueError(f"Layer {layer.name} ({type(layer).__name__}): `call` must return "
                         f"tensors of known rank (or a list/tuple/dict of them), but it "
                         f"returned {value!r}.")
    return SymbolicTensor(value.shape.as_list(), value.dtype)
