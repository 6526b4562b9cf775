"""Every default in one place, each with the reason it has that value.

Line and reading-speed limits are per language and live in :mod:`subtitler.languages`.
"""

# SUBTITLE-RULES "Netflix ... general requirements": at least 5/6 s (20 frames at 24 fps).
MIN_CUE_MS = 833
# Same source: at most 7 s per cue.
MAX_CUE_MS = 7000
# Same source: at least 2 frames between cues; 2 frames at 24 fps is 83.3 ms, the largest
# of the common rates, so it is safe at every rate when no --fps is given.
MIN_GAP_MS = 84
DEFAULT_GAP_FRAMES = 2
# SUBTITLE-RULES "Speech rates": add pauses at sentence ends and longer ones at speaker changes.
SENTENCE_PAUSE_MS = 250
SPEAKER_CHANGE_PAUSE_MS = 800
# Output folder when -o is not given.
DEFAULT_OUTDIR = "output"
# A name card (interviewee name super) is shown at least this long: two lines of a name and a
# title read at the English target of 17 CPS (~42 characters) or the Korean 11 (~32 units) fit
# in 3 s, and one fixed slot keeps the English and Korean tracks aligned (subtitler.namecards).
NAME_CARD_MS = 3000
