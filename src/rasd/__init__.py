"""rasd (رصد, "monitoring"): Arabic news in, structured, geocoded, evidence-linked conflict events out.

The public entry points are :class:`rasd.pipeline.Pipeline`, the readers in :mod:`rasd.ingest` and the
``rasd`` command line (:mod:`rasd.cli`).
"""

__version__ = "0.1.0"
