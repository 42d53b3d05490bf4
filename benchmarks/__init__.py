"""archlint's benchmark suite: synthetic estates N times the seed, timed end to end.

``python -m benchmarks`` runs it (see :mod:`benchmarks.runner`); ``benchmarks/synth.py``
makes the inputs; ``python -m benchmarks.readme`` copies the results into the README.
"""
