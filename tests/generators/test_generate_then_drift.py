"""Generate, then drift on the same spec: nothing to report.

What the generators write must read back as the spec said it: an alert on a queue, topic or
event hub (Azure Monitor measures those on their namespace, filtered on ``EntityName``), the
apps inside an App Service Environment (which run in its subnet without regional VNet
integration), and the Application Gateway (whose certificate identity is an input).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.generators.bicep import generate_bicep
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.importers import load_terraform
from archlint.importers.drift import compare
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.model.monitoring import MetricAlert
from tests.conftest import SEED_SPEC, run_cli

ALERTS = """
metadata: {name: entity-alerts, primary_region: eastus2}
messaging:
  service_bus:
    - id: sb-main
      tier: premium
      queues: [{id: sbq-orders, name: orders}, {id: sbq-payments, name: payments}]
      topics: [{id: sbt-events, name: events}]
  event_hubs:
    - id: evhns-main
      tier: standard
      hubs: [{id: evh-telemetry, name: telemetry, partitions: 4}]
monitoring:
  action_groups:
    - {id: ag, channels: [{kind: email, target: ops@example.com}]}
  alerts:
%ALERTS%
"""

ON_ENTITIES = """
    - {id: alert-queue, target: sbq-orders, metric: DeadletteredMessages, aggregation: Maximum,
       operator: GreaterThan, threshold: 5, window: 5m, severity: 1, action_groups: [ag]}
    - {id: alert-topic, target: sbt-events, metric: ActiveMessages, aggregation: Maximum,
       operator: GreaterThan, threshold: 1000, window: 5m, severity: 2, action_groups: [ag]}
    - {id: alert-hub, target: evh-telemetry, metric: IncomingMessages, aggregation: Total,
       operator: LessThan, threshold: 1, window: 15m, severity: 2, action_groups: [ag]}
"""


def _load(alerts: str):
    return load_spec_text(ALERTS.replace("%ALERTS%", alerts), "spec.yaml")


def _drift(loaded, directory: Path) -> list[str]:
    report = compare(loaded.architecture, YamlLocator(loaded.source_map), load_terraform(directory))
    return [f.message for f in report.findings]


def test_the_seed_generates_terraform_that_drift_finds_identical(tmp_path: Path) -> None:
    generated = run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(tmp_path))
    assert generated.code == 0, generated.stderr
    result = run_cli("drift", "--spec", str(SEED_SPEC), str(tmp_path))
    assert result.code == 0, result.stdout
    assert result.stdout.startswith("No drift"), result.stdout


def test_an_alert_on_an_entity_is_a_namespace_alert_filtered_on_it(tmp_path: Path) -> None:
    loaded = _load(ON_ENTITIES)
    write_files(tmp_path, generate_terraform(loaded.architecture))
    deployed = load_terraform(tmp_path).architecture
    alerts = {a.id: a for a in deployed.index.of_kind("metric_alert")}
    scoped = {}
    for alert in alerts.values():
        assert isinstance(alert, MetricAlert)
        scoped[alert.id] = (deployed.get(alert.target).kind, alert.dimensions)
    assert scoped == {
        "alert_queue": ("service_bus_namespace", {"EntityName": "orders"}),
        "alert_topic": ("service_bus_namespace", {"EntityName": "events"}),
        "alert_hub": ("event_hubs_namespace", {"EntityName": "telemetry"}),
    }
    text = (tmp_path / "monitoring.tf").read_text()
    assert text.count('metric_namespace = "Microsoft.ServiceBus/namespaces"') == 2
    assert text.count('metric_namespace = "Microsoft.EventHub/namespaces"') == 1
    assert _drift(loaded, tmp_path) == []


def test_a_namespace_alert_filtered_on_a_queue_reads_back_as_written(tmp_path: Path) -> None:
    loaded = _load("""
    - {id: alert-ns, target: sb-main, metric: DeadletteredMessages, aggregation: Maximum,
       operator: GreaterThan, threshold: 5, window: 5m, severity: 1,
       dimensions: {EntityName: orders}, action_groups: [ag]}
""")
    write_files(tmp_path, generate_terraform(loaded.architecture))
    assert _drift(loaded, tmp_path) == []


@pytest.mark.parametrize(
    ("written", "edited", "reported"),
    [
        (
            'values   = ["orders"]',
            'values   = ["payments"]',
            "alert 'alert-queue': target is 'sbq-payments' in Terraform, 'sbq-orders' in the spec",
        ),
        (
            "threshold        = 1000",
            "threshold        = 10",
            "alert 'alert-topic': threshold is 10.0 in Terraform, 1000.0 in the spec",
        ),
    ],
)
def test_drift_reports_an_edited_alert(
    tmp_path: Path, written: str, edited: str, reported: str
) -> None:
    loaded = _load(ON_ENTITIES)
    write_files(tmp_path, generate_terraform(loaded.architecture))
    tf = tmp_path / "monitoring.tf"
    assert written in tf.read_text()
    tf.write_text(tf.read_text().replace(written, edited))
    assert _drift(loaded, tmp_path) == [reported]


def test_bicep_writes_an_entity_alert_on_its_namespace() -> None:
    loaded = _load(ON_ENTITIES)
    text = "\n".join(generate_bicep(loaded.architecture).values())
    assert text.count("metricNamespace: 'Microsoft.ServiceBus/namespaces'") == 2
    assert text.count("metricNamespace: 'Microsoft.EventHub/namespaces'") == 1
    assert text.count("name: 'EntityName'") == 3
    for name in ("orders", "events", "telemetry"):
        assert f"'{name}'" in text
    assert "has no Azure metrics" not in text


ASE = """
metadata: {name: ase-apps, primary_region: eastus2}
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment,
           delegation: Microsoft.Web/hostingEnvironments}
        - {id: snet-other, cidr: 10.0.2.0/24, purpose: workload}
compute:
  app_service_environments: [{id: ase, subnet: snet-ase}]
  plans:
    - {id: plan, sku: I1v2, ase: ase, instances: {min: 2, max: 4}}
  web_apps:
    - {id: web-implicit, plan: plan}
    - {id: web-explicit, plan: plan, vnet_integration: %SUBNET%}
"""


def test_an_app_inside_an_ase_is_integrated_with_its_subnet(tmp_path: Path) -> None:
    loaded = load_spec_text(ASE.replace("%SUBNET%", "snet-ase"), "spec.yaml")
    write_files(tmp_path, generate_terraform(loaded.architecture))
    assert _drift(loaded, tmp_path) == []


def test_an_app_inside_an_ase_said_to_use_another_subnet_drifts(tmp_path: Path) -> None:
    loaded = load_spec_text(ASE.replace("%SUBNET%", "snet-other"), "spec.yaml")
    write_files(tmp_path, generate_terraform(loaded.architecture))
    assert _drift(loaded, tmp_path) == [
        "Web App 'web-explicit': vnet_integration is 'snet-ase' in Terraform, "
        "'snet-other' in the spec"
    ]


def test_the_gateway_certificate_identity_is_an_input() -> None:
    loaded = load_spec_text(SEED_SPEC.read_text(), str(SEED_SPEC))
    files = generate_terraform(loaded.architecture)
    assert 'resource "azurerm_user_assigned_identity"' not in files["edge.tf"]
    assert "identity_ids = [var.agw_main_identity_id]" in files["edge.tf"]
    assert 'variable "agw_main_identity_id"' in files["variables.tf"]
    bicep = generate_bicep(loaded.architecture)["edge.bicep"]
    assert "Microsoft.ManagedIdentity/userAssignedIdentities" not in bicep
    assert "'${agwMainIdentityId}': {}" in bicep
