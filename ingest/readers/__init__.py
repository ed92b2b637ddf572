"""Readers of inputs that carry their own update boundaries (e-mail, mail archives, feeds, fetched pages):
each returns drafts that are already one update each; bodies become blocks only through ingest.readers.body."""
