"""Arabic text helpers used by the stages: normalization keys, dates (grown by the text-layer step)."""
