import sys

from subtitler.cli import main

# Guarded, so that importing this module (as some tools do) runs nothing.
if __name__ == "__main__":
    sys.exit(main())
