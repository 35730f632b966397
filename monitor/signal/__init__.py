"""The streaming pressure pipeline: pure numpy/scipy, one foot at a time.

Every stateful step has a streaming form (``.feed(block)``) that is also its batch form: feeding a whole
session in one block, or in blocks of any size, gives the same result (tests/test_streaming.py).
"""
