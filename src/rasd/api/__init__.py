"""rasd's REST API (``rasd serve``): read access to the event store under ``/api/v1``.

Reads: the store (``--db``/``RASD_DB``) and the bundled knowledge base. Writes: nothing yet (the review workflow
with accounts is the next part of issue 6a). Requires the ``api`` extra (FastAPI, uvicorn).
"""

from rasd.api.app import create_app

__all__ = ["create_app"]
