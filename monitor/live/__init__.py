"""A live session: the recorder, the session itself, alert delivery, and replay of a recorded raw log through the
same path.
"""
