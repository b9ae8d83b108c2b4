"""Scoring rasd's output against gold data (``rasd eval …``)."""
