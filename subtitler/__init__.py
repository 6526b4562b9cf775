"""subtitler: broadcast news transcripts to professional subtitles.

Importing this package only defines things: no engine is loaded, no file or
directory is touched. See :func:`subtitler.pipeline.run_pipeline`.
"""

__version__ = "0.1.0"
