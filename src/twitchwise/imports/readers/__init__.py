"""The readers: pure, streaming, one per format. Each turns a file into diary entries (and daily
measures) and counts what it saw into the import report's ``Tally``; none touches the database.
The pipeline (``imports.pipeline``) chooses one and saves what it yields."""
