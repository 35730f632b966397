"""Small shared helpers: session-time formatting, small text files read whole, whole-file outputs, where the real
recordings are.
"""
