"""Small development tools, each a ``python -m monitor.tools.<name>`` command."""
