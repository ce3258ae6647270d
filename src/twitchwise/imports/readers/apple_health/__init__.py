"""Apple Health `export.zip` / `export.xml`, streamed into diary entries and daily measures.

Only the types twitchwise uses are kept (APPLE_HEALTH.md §1.10). Each record's instant comes from
its own string (the offset there is the phone's at export time, so only the instant is trusted);
local time comes from the record's HKTimeZone, else the person's zone. Sleep records, which
overlap and repeat (phone, watch, apps), become one session per night; per-minute measurements
(energy, heart rate variability...) become one value per day, the largest source winning where
phone and watch both count the same thing.
"""

from twitchwise.imports.readers.apple_health.reader import read_apple_health
from twitchwise.imports.readers.apple_health.summary import Summary

__all__ = ["Summary", "read_apple_health"]
