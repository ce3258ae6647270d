"""Android Health Connect exports (``Health Connect.zip`` or the ``health_connect_export.db``
inside it), read from the SQLite file itself: sleep sessions with their stages, exercise
sessions, hydration, and steps, active energy, heart rate, resting heart rate and HRV (RMSSD)
as one value per local day. The app that wrote each record is kept as its source; where a phone
and a watch wrote the same thing, it counts once (``entries``, ``per_day``)."""

from twitchwise.imports.readers.health_connect.reader import read_health_connect

__all__ = ["read_health_connect"]
