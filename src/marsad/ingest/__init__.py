"""Readers: turn files into :class:`marsad.model.Article` records.

Every reader yields ``Record`` objects: an article, or an error with the place it
happened (file and line), so that one bad record never stops the others.
"""

from marsad.ingest.readers import FORMATS, MAX_BYTES, Record, ReadError, read_bytes, read_path, read_paths

__all__ = ["FORMATS", "MAX_BYTES", "Record", "ReadError", "read_bytes", "read_path", "read_paths"]
