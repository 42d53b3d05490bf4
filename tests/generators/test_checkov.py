"""Checkov as an independent check of the generated Terraform.

Checkov is a test-only tool and is not a project dependency: it pins ``networkx<2.7`` (and its
own pycep-parser and packaging versions), which conflict with archlint's requirements, so it
lives in its own environment (``pipx install checkov`` or a separate venv). The test finds it
importable in this interpreter, at ``$ARCHLINT_CHECKOV``, or as ``checkov`` on ``PATH``, and
skips otherwise.

Every failed check on the seed's Terraform must be in ``ACCEPTED``, with the reason it is
accepted (the same list is in the README's Generators section). ``archlint:`` marks the
checks archlint itself reports on the spec; the others are settings the spec does not make
(the generator does not invent them) or trade-offs the architecture makes on purpose.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.model import Architecture

ACCEPTED: dict[str, str] = {
    "CKV2_AZURE_1": "customer-managed keys: the spec asks for encryption at rest, which "
    "platform-managed keys give",
    "CKV_AZURE_100": "customer-managed keys for Cosmos DB: as CKV2_AZURE_1",
    "CKV_AZURE_201": "customer-managed keys for Service Bus: as CKV2_AZURE_1",
    "CKV_AZURE_199": "Service Bus double encryption needs customer-managed keys: as CKV2_AZURE_1",
    "CKV_AZURE_202": "a Service Bus identity is only needed for customer-managed keys",
    "CKV2_AZURE_35": "a Recovery Services vault identity is only needed for customer-managed "
    "keys or private endpoints, which the spec does not use",
    "CKV2_AZURE_40": "archlint: SEC004 (storage accounts still accept keys; the spec does not "
    "turn local auth off for them)",
    "CKV2_AZURE_41": "SAS expiration policy: the spec sets none (keys are to go, see SEC004)",
    "CKV2_AZURE_38": "blob soft delete: the spec sets it only on the event store account",
    "CKV2_AZURE_21": "blob read logging via storage analytics: not in the spec (diagnostics go "
    "to Log Analytics for the sources the spec lists)",
    "CKV_AZURE_33": "queue-service logging: queue_properties is deprecated in azurerm 4.x and "
    "the accounts hold no queues",
    "CKV_AZURE_206": "archlint: ZR007 (st-functions is LRS, as the spec chooses)",
    "CKV_AZURE_212": "archlint: SKU005 (plans zone-redundant with a minimum of 1 instance)",
    "CKV_AZURE_13": "App Service Authentication: the web app is reached through Front Door and "
    "the Application Gateway; the spec defines no identity provider",
    "CKV_AZURE_17": "client certificates: not in the spec; TLS terminates at the gateway",
    "CKV_AZURE_213": "health check path: the spec gives probes on the gateways, not on the app",
    "CKV_AZURE_63": "App Service HTTP logs: the spec sends telemetry to Application Insights",
    "CKV_AZURE_65": "detailed error messages: as CKV_AZURE_63",
    "CKV_AZURE_66": "failed request tracing: as CKV_AZURE_63",
    "CKV_AZURE_88": "Azure Files for app content: not in the spec",
    "CKV_AZURE_50": "VM extensions stay allowed: Azure Backup of the VM needs its agent and "
    "snapshot extension",
}


def checkov_command() -> list[str]:
    if importlib.util.find_spec("checkov") is not None:
        return [sys.executable, "-m", "checkov.main"]
    found = os.environ.get("ARCHLINT_CHECKOV") or shutil.which("checkov")
    if not found:
        pytest.skip(
            "checkov not found: install it in its own environment (pipx install checkov; it "
            "pins networkx<2.7) and put it on PATH or set ARCHLINT_CHECKOV"
        )
    return [found]


@pytest.mark.slow
def test_checkov_finds_only_accepted_failures(seed: Architecture, tmp_path: Path) -> None:
    write_files(tmp_path, generate_terraform(seed))
    result = subprocess.run(
        [
            *checkov_command(),
            "-d",
            str(tmp_path),
            "--framework",
            "terraform",
            "--skip-download",
            "--compact",
            "-o",
            "json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = {
        (check["check_id"], check["resource"])
        for entry in reports
        for check in entry["results"]["failed_checks"]
    }
    parsed = sum(entry["summary"]["resource_count"] for entry in reports)
    assert parsed >= 100, "checkov did not read the generated resources"
    assert sum(entry["summary"]["parsing_errors"] for entry in reports) == 0
    unexpected = sorted(
        f"{check} on {resource}" for check, resource in failed if check not in ACCEPTED
    )
    assert unexpected == []
