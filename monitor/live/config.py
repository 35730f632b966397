"""How a live session (and its replay) is set up: detection parameters, channels, timings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LiveConfig:
    """Timing of the live session.

    view_interval_s : host seconds between view snapshots and stale-data checks (10 a second reads as
        smooth on a terminal; guess); also how far one foot's data may run ahead of the other's frames
        still waiting for the pipeline.
    max_batch_host_s : the host time of frames a batch for the pipeline holds (20 ms: a small part of the
        100 ms latency budget of the live alert); frames are counted, so a replay batches them alike.
    view_window_s : session seconds of per-second peaks the view averages for each region (guess: a few
        pedal strokes or steps).
    catch_up_host_s : host seconds the end of a session waits for the analysis of the data already
        received, so their alerts still reach the connected insoles (guess: a loaded host several seconds
        behind; longer, and Ctrl-C would feel ignored).
    """

    view_interval_s: float = 0.1
    max_batch_host_s: float = 0.02
    view_window_s: float = 3.0
    catch_up_host_s: float = 10.0
