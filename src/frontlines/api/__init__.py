"""The REST API and the web page (FastAPI): ``create_app(db)`` builds the application.

``frontlines serve`` runs it with uvicorn; tests drive it in-process.
"""

from frontlines.api.app import create_app

__all__ = ["create_app"]
