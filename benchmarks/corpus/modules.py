"""Which directories are Terraform root modules, and which azurerm resource blocks they hold.

A **root module** is what a user points ``terraform plan`` (or tflint, or Checkov) at. Under
the folders given, a directory is taken for one when

1. it holds ``.tf`` files and is not inside a hidden directory (``.terraform``, ``.git``);
2. no other directory under those folders calls it as a local module (``source = "./..."``
   or ``"../..."``): a module that is called is linted through its caller, as Terraform
   reads it, never on its own (Azure Verified Modules' repository root is called by every
   ``examples/*`` with ``source = "../../"``);
3. and it declares a ``provider`` block or a ``terraform`` block with a ``backend`` or
   ``cloud`` (configuration only a root module may carry), or it sits under a folder named
   ``examples``, ``example``, ``samples`` or ``quickstart``, where every directory is meant
   to be applied as it is. A bare ``terraform { required_providers }`` is not enough: every
   well-written child module has one.

The azurerm resource blocks are counted here, independently of archlint, with a line
regex (``resource "azurerm_..." "name"`` at the start of a line) over the ``.tf`` files of
the root module and of every local module it calls, each directory once: a block under
``count``/``for_each`` counts once, as written. ``.tf.json`` files are not counted.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

AZURERM_RESOURCE = re.compile(r'^[ \t]*resource[ \t]+"(azurerm_[A-Za-z0-9_]+)"[ \t]+"', re.M)
_MODULE_HEADER = re.compile(r'^module[ \t]+"[^"]*"[ \t]*\{', re.M)
_LOCAL_SOURCE = re.compile(r'^[ \t]*source[ \t]*=[ \t]*"(\.\.?/[^"]*|\.\.?)"', re.M)
_ROOT_ONLY = (
    re.compile(r'^provider[ \t]+"', re.M),
    re.compile(r"^[ \t]+(backend[ \t]+\"|cloud[ \t]*\{)", re.M),
)
EXAMPLE_FOLDERS = frozenset({"examples", "example", "samples", "quickstart"})


def _tf_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.tf") if p.is_file())


def _text(directory: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in _tf_files(directory))


def local_module_calls(directory: Path) -> list[Path]:
    """The directories that ``directory``'s ``module`` blocks take from the file system."""
    text = _text(directory)
    called = []
    for header in _MODULE_HEADER.finditer(text):
        end = text.find("\n}", header.end())
        body = text[header.end() : end if end >= 0 else len(text)]
        source = _LOCAL_SOURCE.search(body)
        if source:
            target = (directory / source.group(1)).resolve()
            if target.is_dir():
                called.append(target)
    return called


def terraform_dirs(top: Path) -> list[Path]:
    """Every directory under ``top`` holding ``.tf`` files, hidden directories left out."""
    found = []
    for current, subdirs, files in os.walk(top):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        if any(f.endswith(".tf") for f in files):
            found.append(Path(current).resolve())
    return found


def root_modules(tops: list[Path]) -> list[Path]:
    """The root modules under ``tops`` (see the module docstring), sorted."""
    dirs = sorted({d for top in tops for d in terraform_dirs(top)})
    called = {target for d in dirs for target in local_module_calls(d)}
    roots = []
    for directory in dirs:
        if directory in called:
            continue
        in_examples = any(part.lower() in EXAMPLE_FOLDERS for part in directory.parts)
        text = _text(directory)
        if in_examples or any(pattern.search(text) for pattern in _ROOT_ONLY):
            roots.append(directory)
    return roots


def azurerm_blocks(root: Path) -> Counter[str]:
    """azurerm resource blocks per type in ``root`` and the local modules it calls."""
    counts: Counter[str] = Counter()
    seen: set[Path] = set()
    pending = [root.resolve()]
    while pending:
        directory = pending.pop()
        if directory in seen:
            continue
        seen.add(directory)
        counts.update(m.group(1) for m in AZURERM_RESOURCE.finditer(_text(directory)))
        pending.extend(local_module_calls(directory))
    return counts
