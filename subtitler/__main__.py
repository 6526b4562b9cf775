import sys

from subtitler.cli import main

# Guarded: worker processes started without fork import the main module again.
if __name__ == "__main__":
    sys.exit(main())
