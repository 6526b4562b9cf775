"""Offline translation: engine, model packages, alignment onto the timeline.

Nothing here imports ctranslate2 or argostranslate at import time.
"""
