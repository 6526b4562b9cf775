"""The exception hierarchy. The library raises these; only the CLI turns them into exit codes."""


class SubtitlerError(Exception):
    """Base class of every error subtitler raises on purpose."""


class InputError(SubtitlerError):
    """A transcript or subtitle file that cannot be used (binary, empty, undecodable, not SRT)."""


class LanguageError(SubtitlerError):
    """A language subtitler does not handle (only English and Korean are supported)."""


class TimecodeError(SubtitlerError):
    """A timecode that cannot be parsed (``--start``, ``--duration``)."""


class ModelError(SubtitlerError):
    """A translation package that is missing, broken or refused."""


class OutputError(SubtitlerError):
    """An output file that could not be written."""
