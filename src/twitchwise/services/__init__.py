"""What every adapter (the command line, the pages, the API) does with a journal, each written
once: check a diary episode or the recent ones, find the triggers, make the doctor's report, fill
a fresh journal with the demo diary.

Each is read -> compute: the journal supplies the entries, the pure core does the rest. This
layer exists because the same read-compute lines were needed by all three adapters.
"""
