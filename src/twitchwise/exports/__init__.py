"""Writers that turn diary entries into files other programs and people can read."""
