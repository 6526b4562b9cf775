# Doctests run over the package too (--doctest-modules); importing __main__ would start the CLI.
collect_ignore = ["subtitler/__main__.py", "bench", "output", "build"]
