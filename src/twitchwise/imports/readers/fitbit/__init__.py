"""Fitbit data from Google Takeout (the zip, or its Fitbit folder): the legacy JSON and the
newer CSVs, read file by file as streams. Sleep becomes one entry per night, exercise logs
exercise entries, heart rate, steps, resting heart rate and HRV one value per local day. Times
without a zone are read in the person's profile zone (``times``)."""

from twitchwise.imports.readers.fitbit.reader import read_fitbit

__all__ = ["read_fitbit"]
