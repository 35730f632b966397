"""Analysis of frames, pure: the batch analysis, the streaming core that live and replay share, the alert policy,
suggestions, compare, result tables.
"""
