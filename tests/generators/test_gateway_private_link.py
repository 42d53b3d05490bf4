"""Front Door reaches an Application Gateway over Private Link: the gateway's frontend carries a
Private Link configuration, named as the origin's group id, in both generators."""

from __future__ import annotations

import pytest

from archlint.generators.bicep import generate_bicep
from archlint.generators.terraform import generate_terraform
from archlint.loader import load_spec_text
from archlint.model import Architecture
from tests.conftest import SEED_SPEC

_SUBNET_LINE = "      private_link_subnet: snet-private-endpoints"


def _with_link_subnet(line: str) -> Architecture:
    """The seed with its gateway's ``private_link_subnet`` line replaced."""
    text = SEED_SPEC.read_text(encoding="utf-8")
    seed_line = next(x for x in text.splitlines() if x.startswith(_SUBNET_LINE))
    return load_spec_text(text.replace(seed_line + "\n", line), "spec.yaml").architecture


def _block(text: str, head: str) -> str:
    return text.split(head)[1].split("\n}\n")[0]


def test_bicep_gateway_frontend_carries_the_private_link_the_origin_names(seed) -> None:
    edge = generate_bicep(seed)["edge.bicep"]
    origin = _block(edge, "resource afdMainAppAppgw ")
    assert "groupId: 'appGatewayFrontendIP'" in origin and "id: agwMain.id" in origin
    gateway = _block(edge, "resource agwMain ")
    assert "name: 'appGatewayFrontendIP'" in gateway
    assert (
        "'Microsoft.Network/applicationGateways/privateLinkConfigurations', 'agw-main'" in gateway
    )
    assert "privateLinkConfigurations: [" in gateway
    assert "id: snetPrivateEndpoints.id" in gateway


def test_terraform_gateway_frontend_carries_the_private_link_the_origin_names(seed) -> None:
    edge = generate_terraform(seed)["edge.tf"]
    gateway = _block(edge, 'resource "azurerm_application_gateway" "agw_main" {')
    assert 'name                            = "appGatewayFrontendIP"' in gateway
    assert 'private_link_configuration_name = "private-link"' in gateway
    assert "subnet_id                     = azurerm_subnet.snet_private_endpoints.id" in gateway
    origin = _block(edge, 'resource "azurerm_cdn_frontdoor_origin" "afd_main_app_appgw" {')
    assert 'target_type            = "appGatewayFrontendIP"' in origin


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "Application Gateway 'agw-main' has no private_link_subnet for a Private Link"),
        (
            "      private_link_subnet: snet-appgw\n",
            "the private_link_subnet of Application Gateway 'agw-main' is its own subnet",
        ),
    ],
    ids=["none", "own-subnet"],
)
def test_without_a_usable_private_link_subnet_the_link_is_left_out_loudly(
    line: str, reason: str
) -> None:
    architecture = _with_link_subnet(line)
    message = f"origin 'appgw': no Private Link: {reason}"
    edge = generate_bicep(architecture)["edge.bicep"]
    assert f"// {message}" in edge
    assert "groupId: 'appGatewayFrontendIP'" not in edge
    assert "privateLinkConfigurations" not in edge
    assert "groupId: 'sites'" in edge  # the App Service origin keeps its link
    terraform = generate_terraform(architecture)["edge.tf"]
    assert f"# {message}" in terraform
    assert "private_link_configuration" not in terraform
    assert 'target_type            = "appGatewayFrontendIP"' not in terraform


def test_the_importer_reads_the_private_link_subnet_back(seed, tmp_path) -> None:
    from archlint.generators.output import write_files
    from archlint.importers import load_terraform

    write_files(tmp_path, generate_terraform(seed))
    imported = load_terraform(tmp_path).architecture
    gateway = next(g for g in imported.edge.application_gateways)
    assert gateway.private_link_subnet == "snet_private_endpoints"
