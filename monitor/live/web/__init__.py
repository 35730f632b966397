"""The phone view of ``solewatch live --web`` (docs/phone-view.md): the page's state (state.py, pure) and
its server (server.py: Starlette with WebSockets on uvicorn; the page, its script and style in static/)."""
