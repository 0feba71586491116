"""Worked answers for lesson 06 (the Inception module). Run: python solutions/06_inception.py"""
import sys

import fnapi  # first: keeps TensorFlow's start-up logs out
from fnapi.layers import Conv2D, MaxPooling2D, concatenate

from exercises import lesson06 as ex


# Exercise 1: Concatenate's shape rule. Sizes on the joined axis add up (unknown if any is
# unknown); every other axis must agree, where None (unknown) agrees with anything.
def concat_shape(shapes, axis):
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise ValueError(f"cannot concatenate tensors of different ranks: {shapes}")
    rank = ranks.pop()
    axis = axis % rank  # -1 -> the last axis
    out = []
    for i, sizes in enumerate(zip(*shapes)):
        if i == axis:
            out.append(None if None in sizes else sum(sizes))
            continue
        known = {s for s in sizes if s is not None}
        if len(known) > 1:
            raise ValueError(f"shapes {shapes} disagree on axis {i}, which is not joined")
        out.append(known.pop() if known else None)
    return tuple(out)


# Exercise 2: GoogLeNet's module: four branches that keep the height and width ('same'
# padding, pooling with stride 1), joined along the channel axis.
def inception_module(x, f1, f3_reduce, f3, f5_reduce, f5, pool_proj):
    branch_1 = Conv2D(f1, (1, 1), padding='same', activation='relu')(x)
    branch_3 = Conv2D(f3_reduce, (1, 1), padding='same', activation='relu')(x)
    branch_3 = Conv2D(f3, (3, 3), padding='same', activation='relu')(branch_3)
    branch_5 = Conv2D(f5_reduce, (1, 1), padding='same', activation='relu')(x)
    branch_5 = Conv2D(f5, (5, 5), padding='same', activation='relu')(branch_5)
    branch_pool = MaxPooling2D((3, 3), strides=(1, 1), padding='same')(x)
    branch_pool = Conv2D(pool_proj, (1, 1), padding='same', activation='relu')(branch_pool)
    return concatenate([branch_1, branch_3, branch_5, branch_pool], axis=-1)


if __name__ == "__main__":
    results = [ex.check_1(concat_shape), ex.check_2(inception_module)]
    sys.exit(0 if all(results) else 1)
