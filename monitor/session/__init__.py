"""Session directories: the validated metadata, the raw log, reading and writing a session, its tables, export."""
