"""tf.distribute: one model on two replicas trains exactly as on one device.

A model built and compiled inside `tf.distribute.MirroredStrategy().scope()` on two
logical CPUs splits each global batch across the replicas; the strategy sums the
gradients and the logged values. The History and weights equal those of one device
within 1e-5 (arrays and datasets, sample weights, dense, recurrent, convolutional and
TimeDistributed models). `MultiWorkerMirroredStrategy` with two worker processes on
127.0.0.1 (TF_CONFIG) trains the same numbers. Each run needs fresh processes
(TensorFlow fixes its devices at start-up): see distributed_run.py; time is bounded.
"""
import json
import os
import pathlib
import socket
import subprocess
import sys

import numpy as np

RUN = pathlib.Path(__file__).with_name("distributed_run.py")
TOLERANCE = 1e-5


def _run(mode, out, env=None, timeout=600):
    return subprocess.Popen([sys.executable, str(RUN), mode, str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _finish(process, timeout=600):
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]


def test_two_replicas_train_as_one_device(tmp_path):
    process = _run("mirrored", tmp_path / "mirrored.json")
    _finish(process)
    results = json.loads((tmp_path / "mirrored.json").read_text())
    assert len(results) == 8
    for name, result in results.items():
        assert result["replicas"] == 2 and result["mirrored"] == "MirroredVariable", name
        assert result["trained"] > 1e-3, name  # the weights did move
        assert result["history"] < TOLERANCE and result["weights"] < TOLERANCE, (name, result)


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_worker_processes_train_as_one_device(tmp_path):
    workers = [f"127.0.0.1:{port}" for port in _free_ports(2)]
    processes = []
    for index in range(2):
        env = {**os.environ, "TF_CONFIG": json.dumps(
            {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}})}
        processes.append(_run("worker", tmp_path / "cluster.npz", env))
    processes.append(_run("single", tmp_path / "single.npz"))
    try:
        for process in processes:
            _finish(process, timeout=300)
    finally:
        for process in processes:
            process.kill()
    cluster, single = np.load(tmp_path / "cluster.npz"), np.load(tmp_path / "single.npz")
    assert sorted(cluster.files) == sorted(single.files) and len(cluster.files) > 5
    for key in single.files:
        np.testing.assert_allclose(cluster[key], single[key], atol=TOLERANCE)
