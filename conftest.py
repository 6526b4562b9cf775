# Doctests run over the package too (pytest --doctest-modules); running __main__ would start the CLI.
collect_ignore = ["subtitler/__main__.py", "bench", "output", "build"]
