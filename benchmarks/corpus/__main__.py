import sys

from benchmarks.corpus.cli import main

sys.exit(main())
