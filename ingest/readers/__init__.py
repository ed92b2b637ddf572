"""Readers: bytes or text of one format in, typed blocks (ingest.blocks) out; the segmenter makes updates of them."""
