"""Figures of a session: functions that take results, accept ``ax=None`` (``axes=None`` for several
panels), return a matplotlib Figure and never show it. Figures are made with matplotlib.figure.Figure, so
no pyplot state and no display are needed.
"""
