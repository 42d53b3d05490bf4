"""Rules judge Terraform by what the configuration says, not by what a policy wants.

Each case was a false positive on public Terraform: an address nothing uses asked for a
paid DDoS plan, a subnet with nothing known in it asked for an NSG, a "*" source on a
subnet no internet address reaches was called "the internet".
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

NETWORK = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
resource "azurerm_virtual_network" "v" {
  name                = "v"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "empty" {
  name                 = "snet-empty"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_public_ip" "unattached" {
  name                = "pip-unattached"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
}
resource "azurerm_subnet" "vms" {
  name                 = "snet-vms"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.2.0/24"]
}
resource "azurerm_network_security_group" "open" {
  name                = "nsg-open"
  location            = "eastus2"
  resource_group_name = "rg"
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}
resource "azurerm_subnet_network_security_group_association" "vms" {
  subnet_id                 = azurerm_subnet.vms.id
  network_security_group_id = azurerm_network_security_group.open.id
}
resource "azurerm_network_interface" "vm" {
  name                = "nic-vm"
  location            = "eastus2"
  resource_group_name = "rg"
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.vms.id
    private_ip_address_allocation = "Dynamic"
    %PUBLIC%
  }
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm"
  location              = "eastus2"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  admin_username        = "azureadmin"
  network_interface_ids = [azurerm_network_interface.vm.id]
  admin_ssh_key {
    username   = "azureadmin"
    public_key = "ssh-rsa AAAA"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
"""

PUBLIC_IP = """
resource "azurerm_public_ip" "vm" {
  name                = "pip-vm"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
}
"""


NIC_NSG = """
resource "azurerm_network_security_group" "nic" {
  name                = "nsg-nic"
  location            = "eastus2"
  resource_group_name = "rg"
}
resource "azurerm_network_interface_security_group_association" "vm" {
  network_interface_id      = azurerm_network_interface.vm.id
  network_security_group_id = azurerm_network_security_group.nic.id
}
"""


def _findings(tmp_path: Path, public: bool, nic_nsg: bool = False) -> list[tuple[str, str]]:
    text = NETWORK.replace(
        "%PUBLIC%", "public_ip_address_id = azurerm_public_ip.vm.id" if public else ""
    )
    text += (PUBLIC_IP if public else "") + (NIC_NSG if nic_nsg else "")
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json")
    assert result.code in (0, 1), result.stderr
    return [(f["rule_id"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_nothing_reachable_nothing_flagged(tmp_path: Path) -> None:
    rules = {rule for rule, _ in _findings(tmp_path, public=False)}
    assert "SEC007" not in rules  # pip-unattached serves nothing
    assert "NET011" not in rules  # "*" on a subnet no internet address reaches
    assert not any(
        rule == "NET007" and "snet-empty" in message
        for rule, message in _findings(tmp_path, public=False)
    )


def test_a_public_vm_behind_the_open_rule_is_flagged(tmp_path: Path) -> None:
    found = _findings(tmp_path, public=True)
    assert any(rule == "NET011" and "'open'" in message for rule, message in found), found


FIREWALLED = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
resource "azurerm_virtual_network" "v" {
  name                = "v"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_storage_account" "inline" {
  name                     = "stinline"
  location                 = "eastus2"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  network_rules {
    default_action = "%ACTION%"
  }
}
resource "azurerm_storage_account" "separate" {
  name                     = "stseparate"
  location                 = "eastus2"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
}
resource "azurerm_storage_account_network_rules" "separate" {
  storage_account_id = azurerm_storage_account.separate.id
  default_action     = "%ACTION%"
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  location            = "eastus2"
  resource_group_name = "rg"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  network_acls {
    default_action = "%ACTION%"
    bypass         = "AzureServices"
  }
}
resource "azurerm_servicebus_namespace" "sb" {
  name                = "sb"
  location            = "eastus2"
  resource_group_name = "rg"
  sku                 = "Premium"
  capacity            = 1
  premium_messaging_partitions = 1
  network_rule_set {
    default_action = "%ACTION%"
  }
}
"""

ENDPOINT = """
resource "azurerm_private_endpoint" "%NAME%" {
  name                = "pe-%NAME%"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "c"
    private_connection_resource_id = %TARGET%.id
    subresource_names              = ["%SUB%"]
    is_manual_connection           = false
  }
}
"""

TARGETS = {
    "inline": ("azurerm_storage_account.inline", "blob"),
    "separate": ("azurerm_storage_account.separate", "blob"),
    "kv": ("azurerm_key_vault.kv", "vault"),
    "sb": ("azurerm_servicebus_namespace.sb", "namespace"),
}


def _sec003(tmp_path: Path, action: str) -> list[str]:
    text = FIREWALLED.replace("%ACTION%", action) + "".join(
        ENDPOINT.replace("%NAME%", name).replace("%TARGET%", target).replace("%SUB%", sub)
        for name, (target, sub) in TARGETS.items()
    )
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "SEC003")
    assert result.code in (0, 1), result.stderr
    return sorted(f["message"] for f in json.loads(result.stdout)["findings"])


def test_a_firewall_that_denies_by_default_is_not_public(tmp_path: Path) -> None:
    assert _sec003(tmp_path, "Deny") == []


def test_a_firewall_that_allows_by_default_is_public(tmp_path: Path) -> None:
    found = _sec003(tmp_path, "Allow")
    assert len(found) == 4, found


def test_an_interface_nsg_that_denies_closes_the_path(tmp_path: Path) -> None:
    """The subnet's NSG lets SSH in, the network interface's NSG (no rules: DenyAllInBound)
    stops it: the VM is not reachable on SSH."""
    found = _findings(tmp_path, public=True, nic_nsg=True)
    assert not [m for rule, m in found if rule == "NET011"], found


SPOKE_DNS = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
variable "hub_dns" { type = list(string) }
resource "azurerm_virtual_network" "spoke" {
  name                = "vnet-spoke"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.1.0.0/16"]
  %DNS%
}
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.1.1.0/24"]
}
resource "azurerm_storage_account" "st" {
  name                          = "stspoke"
  location                      = "eastus2"
  resource_group_name           = "rg"
  account_tier                  = "Standard"
  account_replication_type      = "ZRS"
  public_network_access_enabled = false
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
}
resource "azurerm_private_endpoint" "blob" {
  name                = "pe-blob"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.st.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
  }
}
%EXTRA%
"""


def _dns002(tmp_path: Path, dns: str = "", extra: str = "") -> list[str]:
    text = SPOKE_DNS.replace("%DNS%", dns).replace("%EXTRA%", extra)
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "DNS002")
    assert result.code in (0, 1), result.stderr
    return [f["message"] for f in json.loads(result.stdout)["findings"]]


def test_a_zone_not_linked_to_a_vnet_on_azure_dns_is_flagged(tmp_path: Path) -> None:
    assert len(_dns002(tmp_path)) == 1


def test_custom_dns_servers_resolve_elsewhere(tmp_path: Path) -> None:
    """The spoke resolves through the hub (a firewall DNS proxy, a resolver): a link to the
    spoke is not needed, whether its servers are literal, a variable or set apart."""
    assert _dns002(tmp_path, dns='dns_servers = ["10.0.1.4"]') == []
    assert _dns002(tmp_path, dns="dns_servers = var.hub_dns") == []
    apart = """
resource "azurerm_virtual_network_dns_servers" "spoke" {
  virtual_network_id = azurerm_virtual_network.spoke.id
  dns_servers        = ["10.0.1.4"]
}
"""
    assert _dns002(tmp_path, extra=apart) == []


# Links of the blob zone and of a corp.internal zone, both registering, to VNETS.
LINKS = """
variable "vnets" { type = list(string) }
resource "azurerm_private_dns_zone" "corp" {
  name                = "corp.internal"
  resource_group_name = "rg"
}
resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
  name                  = "blob"
  resource_group_name   = "rg"
  private_dns_zone_name = azurerm_private_dns_zone.blob.name
  virtual_network_id    = %VNET_A%
  registration_enabled  = true
}
resource "azurerm_private_dns_zone_virtual_network_link" "corp" {
  name                  = "corp"
  resource_group_name   = "rg"
  private_dns_zone_name = azurerm_private_dns_zone.corp.name
  virtual_network_id    = %VNET_B%
  registration_enabled  = true
}
"""
OTHER_VNET = """
resource "azurerm_virtual_network" "other" {
  name                = "vnet-other"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.2.0.0/16"]
}
"""


def _links(tmp_path: Path, vnet_a: str, vnet_b: str, extra: str = "") -> dict:
    links = LINKS.replace("%VNET_A%", vnet_a).replace("%VNET_B%", vnet_b)
    text = SPOKE_DNS.replace("%DNS%", "").replace("%EXTRA%", links + extra)
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "DNS002,DNS005")
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_links_to_vnets_known_only_at_apply_judge_nothing(tmp_path: Path) -> None:
    """Links whose virtual_network_id is a root variable: the blob zone's may be the
    spoke's, and the two links are not known to name one VNet (both read as one
    placeholder VNet)."""
    document = _links(tmp_path, "var.vnets[0]", "var.vnets[1]")
    assert document["findings"] == []
    reasons = [n["reason"] for n in document["not_evaluated"] if n["rule_id"] == "*"]
    assert reasons == ["2 finding(s) rest on values unknown until apply"]
    # The same links to a VNet the configuration names: both findings are made.
    other = "azurerm_virtual_network.other.id"
    document = _links(tmp_path, other, other, OTHER_VNET)
    assert [f["rule_id"] for f in document["findings"]] == ["DNS002", "DNS005"]


MAYBE_ENDPOINT = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
variable "private" { type = bool }
resource "azurerm_virtual_network" "v" {
  name                = "v"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_storage_account" "public" {
  name                     = "stpublic"
  location                 = "eastus2"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
}
resource "azurerm_storage_account" "private" {
  name                          = "stprivate"
  location                      = "eastus2"
  resource_group_name           = "rg"
  account_tier                  = "Standard"
  account_replication_type      = "ZRS"
  public_network_access_enabled = false
}
resource "azurerm_private_endpoint" "public" {
  count               = %COUNT%
  name                = "pe-public"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.public.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}
resource "azurerm_private_endpoint" "private" {
  count               = %COUNT%
  name                = "pe-private"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.private.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}
"""


def _with_count(tmp_path: Path, count: str) -> dict[str, list[str]]:
    text = MAYBE_ENDPOINT.replace("%COUNT%", count)
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "SEC003,DNS")
    assert result.code in (0, 1), result.stderr
    found: dict[str, list[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["rule_id"], []).append(finding["message"])
    return found


def test_endpoints_that_exist_are_judged(tmp_path: Path) -> None:
    found = _with_count(tmp_path, "1")
    assert any("stpublic" in m or "'public'" in m for m in found.get("SEC003", [])), found


def test_endpoints_that_may_not_exist_decide_nothing(tmp_path: Path) -> None:
    """count over a variable: the endpoints may or may not exist. Neither "public access
    beside a private endpoint" (presence) nor "no private endpoint" (absence) is concluded."""
    found = _with_count(tmp_path, "var.private ? 1 : 0")
    assert "SEC003" not in found, found
    assert not [m for m in found.get("DNS003", []) if "private" in m], found


ALERTS = """
resource "azurerm_servicebus_namespace" "sb" {
  name                = "sb-orders"
  location            = "eastus2"
  resource_group_name = "rg"
  sku                 = "Standard"
}
data "azurerm_servicebus_namespace" "shared" {
  name                = "sb-shared"
  resource_group_name = "rg"
}
resource "azurerm_monitor_metric_alert" "known" {
  name                = "alert-known"
  resource_group_name = "rg"
  scopes              = [azurerm_servicebus_namespace.sb.id]
  criteria {
    metric_namespace = "Microsoft.ServiceBus/namespaces"
    metric_name      = "DeadLetteredMessage"
    aggregation      = "Maximum"
    operator         = "GreaterThan"
    threshold        = 5
  }
}
resource "azurerm_monitor_metric_alert" "outside" {
  name                = "alert-outside"
  resource_group_name = "rg"
  scopes              = [data.azurerm_servicebus_namespace.shared.id]
  criteria {
    metric_namespace = "Microsoft.ServiceBus/namespaces"
    metric_name      = "DeadLetteredMessage"
    aggregation      = "Maximum"
    operator         = "GreaterThan"
    threshold        = 5
  }
}
"""


def test_alert_metrics_are_checked_only_where_the_target_is_known(tmp_path: Path) -> None:
    """The alert on a namespace in the configuration names a metric Service Bus does not
    emit; the same alert on a namespace read from a data source is not judged (its type is
    not known to the importer, so neither is its metric list)."""
    (tmp_path / "main.tf").write_text(ALERTS)
    result = run_cli(
        "lint", str(tmp_path), "--select", "OPS011", "--format", "json", "--fail-on", "medium"
    )
    assert result.code == 1, result.stderr
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert messages == [
        "alert 'known': Microsoft.ServiceBus/namespaces emits no metric "
        "'DeadLetteredMessage', so the alert can never fire; did you mean "
        "'DeadletteredMessages'? (known metrics: https://learn.microsoft.com/azure/"
        "azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics)"
    ]


# A load balancer's public IP, and its one frontend on it, as both tests below write them.
_LB_PUBLIC_IP = """
resource "azurerm_public_ip" "lb" {
  name                = "pip-lb"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
  sku                 = "Standard"
}
"""
_NAMED_FRONTEND = """frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.lb.id
  }"""


NAT_RULE = (
    _LB_PUBLIC_IP
    + """resource "azurerm_lb" "lb" {
  name                = "lbe"
  location            = "eastus2"
  resource_group_name = "rg"
  sku                 = "Standard"
  """
    + _NAMED_FRONTEND
    + """
}
resource "azurerm_lb_nat_rule" "admin" {
  name                           = "admin"
  resource_group_name            = "rg"
  loadbalancer_id                = azurerm_lb.lb.id
  frontend_ip_configuration_name = "public"
  protocol                       = "Tcp"
  frontend_port                  = 50022
  backend_port                   = %PORT%
}
resource "azurerm_network_interface_nat_rule_association" "vm" {
  network_interface_id  = azurerm_network_interface.vm.id
  ip_configuration_name = "ip"
  nat_rule_id           = azurerm_lb_nat_rule.admin.id
}
"""
)


def _nat_findings(tmp_path: Path, port: int) -> list[str]:
    text = NETWORK.replace("%PUBLIC%", "") + NAT_RULE.replace("%PORT%", str(port))
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "NET011")
    assert result.code in (0, 1), result.stderr
    return [f["message"] for f in json.loads(result.stdout)["findings"]]


def test_ssh_published_by_a_load_balancer_nat_rule_is_flagged(tmp_path: Path) -> None:
    """No public IP on the VM: SSH reaches it through the public load balancer's NAT rule,
    and the subnet's NSG lets it in."""
    assert _nat_findings(tmp_path, 22) == [
        "NSG 'open' rule 'ssh' allows SSH (22) from the internet"
    ]


def test_a_nat_rule_to_another_port_exposes_no_management_port(tmp_path: Path) -> None:
    assert _nat_findings(tmp_path, 8080) == []


LOAD_BALANCER = (
    """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
variable "frontends" {
  type = list(string)
}
"""
    + _LB_PUBLIC_IP.lstrip("\n")
    + """resource "azurerm_lb" "lb" {
  name                = "lb"
  location            = "eastus2"
  resource_group_name = "rg"
  sku                 = "Standard"
  %FRONTENDS%
}
resource "azurerm_lb_nat_rule" "ssh" {
  name                           = "ssh"
  resource_group_name            = "rg"
  loadbalancer_id                = azurerm_lb.lb.id
  protocol                       = "Tcp"
  frontend_port                  = 50001
  backend_port                   = 22
  frontend_ip_configuration_name = "davidPublicIPAddress"
}
"""
)
_DYNAMIC_FRONTENDS = """dynamic "frontend_ip_configuration" {
    for_each = var.frontends
    content {
      name                 = frontend_ip_configuration.value
      public_ip_address_id = azurerm_public_ip.lb.id
    }
  }"""


def _load_balancer_findings(tmp_path: Path, frontends: str) -> list[str]:
    (tmp_path / "main.tf").write_text(
        LOAD_BALANCER.replace("%FRONTENDS%", frontends), encoding="utf-8"
    )
    result = run_cli("lint", str(tmp_path), "--format", "json", "--select", "NET033")
    assert result.code in (0, 1), result.stderr
    return [f["message"] for f in json.loads(result.stdout)["findings"]]


def test_a_nat_rule_on_a_frontend_the_load_balancer_lacks_is_flagged(tmp_path: Path) -> None:
    # Seen on public Terraform: Azure refuses it at apply; archlint said nothing.
    assert _load_balancer_findings(tmp_path, _NAMED_FRONTEND) == [
        "load balancer 'lb-lb' inbound NAT rule 'ssh' names frontend 'davidPublicIPAddress', "
        "which the load balancer does not have"
    ]


def test_frontends_known_only_at_apply_judge_no_nat_rule(tmp_path: Path) -> None:
    assert _load_balancer_findings(tmp_path, _DYNAMIC_FRONTENDS) == []
