"""Readers that turn files people bring (CSV, exports of other apps) into diary entries."""
