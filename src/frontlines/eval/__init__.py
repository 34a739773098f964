"""Benchmarks that score pipeline stages against third-party gold data.

``wikiwars``: temporal expressions (extraction and normalised values) on the
WikiWars TIMEX2 corpus; ``timex``: reading and comparing TIMEX2 ``val`` strings.
"""
