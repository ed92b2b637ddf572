"""The ground floor: what ingest and kb share. The update and item models, dates (one month table),
the topic list and its concepts, the organisations list, and the text helpers. Imports nothing of the project above it."""
