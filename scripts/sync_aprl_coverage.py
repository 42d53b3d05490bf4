"""Refresh the APRL part of ``src/archlint/rules/coverage.yaml`` from a checkout of APRL v2.

    python scripts/sync_aprl_coverage.py GIT_DIR   # a clone (or bare mirror) of
                                                   # Azure/Azure-Proactive-Resiliency-Library-v2

For every resource type the model holds (``TYPES``), reads each recommendation's GUID, title
and state from ``azure-resources/<type>/recommendations.yaml`` at the checkout's HEAD and
writes them into the coverage data, keeping the mapping (rules or reason) already there and
recording the commit. A recommendation new to the data gets the reason kind ``unmapped``, which
the coverage test refuses: someone must map it. One gone from APRL is dropped and named.
Then regenerate the page: ``python -m archlint.rules.docs``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "archlint" / "rules" / "coverage.yaml"

#: APRL folders (under azure-resources/) of the resource types the architecture model holds.
TYPES = (
    "App/containerApps",
    "App/managedEnvironments",
    "Cache/Redis",
    "Cdn/profiles",
    "Compute/virtualMachines",
    "Compute/virtualMachineScaleSets",
    "DocumentDB/databaseAccounts",
    "EventGrid/topics",
    "EventHub/namespaces",
    "Insights/components",
    "KeyVault/vaults",
    "Network/applicationGateways",
    "Network/bastionHosts",
    "Network/ddosProtectionPlans",
    "Network/frontDoorWebApplicationFirewallPolicies",
    "Network/networkSecurityGroups",
    "Network/privateDnsZones",
    "Network/privateEndpoints",
    "Network/publicIPAddresses",
    "Network/trafficManagerProfiles",
    "Network/virtualNetworks",
    "OperationalInsights/workspaces",
    "RecoveryServices/vaults",
    "ServiceBus/namespaces",
    "Storage/storageAccounts",
    "Web/serverFarms",
    "Web/sites",
)


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True, text=True
    ).stdout


def read_aprl(git_dir: Path) -> tuple[str, list[dict[str, str]]]:
    """The checkout's commit and its recommendations for ``TYPES``, in file order."""
    commit = _git(git_dir, "rev-parse", "HEAD").strip()
    found = []
    for folder in TYPES:
        text = _git(git_dir, "show", f"HEAD:azure-resources/{folder}/recommendations.yaml")
        for entry in yaml.safe_load(text) or []:
            found.append(
                {
                    "guid": entry["aprlGuid"],
                    "type": f"Microsoft.{folder}",
                    "title": " ".join(entry["description"].split()),
                    "state": entry["recommendationMetadataState"],
                }
            )
    return commit, found


def merge(document: dict[str, Any], commit: str, found: list[dict[str, str]]) -> list[str]:
    """Update ``document``'s APRL section in place; returns what changed, for the log."""
    section = document["aprl"]
    old = {e["guid"]: e for e in section["items"]}
    changes = []
    items = []
    for fresh in found:
        entry = old.pop(fresh["guid"], None)
        if entry is None:
            entry = {"reason": {"kind": "unmapped", "text": ""}}
            changes.append(f"new: {fresh['guid']} {fresh['title']}")
        items.append({**fresh, **{k: v for k, v in entry.items() if k in ("rules", "reason")}})
    changes += [f"gone from APRL: {guid} {e.get('title', '')}" for guid, e in old.items()]
    section["commit"] = commit
    section["items"] = items
    return changes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python scripts/sync_aprl_coverage.py GIT_DIR", file=sys.stderr)
        return 2
    commit, found = read_aprl(Path(argv[0]))
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for change in merge(document, commit, found):
        print(change)
    DATA.write_text(dump(document), encoding="utf-8")
    print(f"{len(found)} APRL recommendations at {commit[:12]} -> {DATA}")
    return 0


def dump(document: dict[str, Any]) -> str:
    """The data file's text: a stable layout, one item per block, widths unwrapped."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=4096)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
