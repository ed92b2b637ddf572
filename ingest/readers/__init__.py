"""Readers: one input format each, bytes or text in. Documents (text, HTML, Markdown) come out as typed blocks
(ingest.blocks) for the segmenter; inputs that carry their own update boundaries (e-mail, mail archives, feeds)
come out as drafts that are already one update each, their bodies made into blocks through ingest.readers.body."""
