"""Knowledge base: versioned data files under ``rasd/data`` with a catalogue, loaded once per process."""

from rasd.kb.catalogue import data_dir, read_data_file, verify_catalogue

__all__ = ["data_dir", "read_data_file", "verify_catalogue"]
