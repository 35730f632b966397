"""A foot's pipeline is freed as soon as nothing refers to it, without waiting for Python's cyclic collector.

Its stages must not hold it (a bound method of the pipeline kept by its feature accumulator is a reference
cycle): the collector runs by counts of container objects, not by memory, so pipelines holding tens of MB of
arrays each were kept for many rides, and a worker of `make validate` grew to 10 GB until the system killed it.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
from test_nominal_scale_verdict import orphe_ride

from firmware_sim.firmware import encode_layout
from firmware_sim.layout import InsoleSpec
from monitor.codebook import FrameBlock
from monitor.link.protocol import decode_layout
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline


def _freed_without_collector(make) -> bool:
    """Whether the object ``make()`` returns is gone once dropped, with the cyclic collector off."""
    gc.collect()
    gc.disable()
    try:
        ref = weakref.ref(make())
        return ref() is None
    finally:
        gc.enable()


def test_a_calibrated_foots_pipeline_is_freed_without_the_collector():
    layout = decode_layout(encode_layout(InsoleSpec("left")))  # the simulated insole's, calibrated

    def make() -> FootPipeline:
        pipe = FootPipeline("left", layout, 100.0, DEFAULT_PARAMS)
        t = np.arange(0.0, 30.0, 0.01)
        pipe.feed(FrameBlock("left", t, np.full((t.size, layout.n_sensors), 50.0)))
        return pipe

    assert _freed_without_collector(make)


def test_an_uncalibrated_foots_pipeline_is_freed_without_the_collector():
    t, p, layout = orphe_ride("healthy-ride", 90.0)

    def make() -> FootPipeline:
        pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
        pipe.feed(FrameBlock("left", t, p))
        return pipe

    assert _freed_without_collector(make)
