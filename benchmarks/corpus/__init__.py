"""A real-world corpus harness: lint every Terraform root module under some folders.

    python -m benchmarks.corpus DIR...                    # every root module under DIR
    python -m benchmarks.corpus --list benchmarks/corpus/list.txt   # the committed corpus
    python -m benchmarks.corpus materialise [--mirror /work/.mirror] [--scratch DIR]
    python -m benchmarks.corpus discover OWNER/REPO...    # list lines for a mirror's HEAD

Each module is linted in its own process (``archlint lint DIR --format json``) with a
timeout, and Checkov beside it when present. The report (a text table on stdout, a JSON
document in ``--output``) counts crashes, refusals with their messages, azurerm resource
blocks not evaluated, findings per rule and times. Which directories are root modules:
:mod:`benchmarks.corpus.modules`; the list and its export: :mod:`benchmarks.corpus.corpus_list`;
running and adding up: :mod:`benchmarks.corpus.run`. Figures: ``benchmarks/corpus/README.md``.
"""
