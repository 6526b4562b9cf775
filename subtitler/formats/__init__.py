"""File formats: one module per format (SRT, WebVTT, the cleaned transcript)."""
