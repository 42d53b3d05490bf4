"""Secret written as a literal value in the source (spec or Terraform).

## What it does
Flags a VM password, app setting, connection string or VPN connection's shared key whose
value is written into the spec (or the Terraform) instead of referenced (Key Vault secret or
sensitive deployment variable). A setting is judged by its value, not its name alone: it
holds a secret when the value carries a credential (an access key, a SAS signature, a
password in a connection string or URL), or when the name asks for a secret and the value
could be one (not a number, a flag, a Key Vault reference, a GUID or a URL without
credentials). So `MAX_TOKENS = "4096"` is not flagged; `DB_PASSWORD = "SecurePassword123!"`
is.

## Why is this bad?
A spec lives in version control, is copied into CI logs, plans and generated
Terraform, and is read by everyone who reviews a change. A literal password in it
is a leaked password. The seed's own `terraform.tfvars` shows exactly this pattern
(`management_vm_admin_password = "SecurePassword123!"`).

## Example
```yaml
virtual_machines:
  - id: vm-management
    admin_password: SecurePassword123!
```

## Use instead
```yaml
virtual_machines:
  - id: vm-management
    admin_password: {key_vault: kv-main, secret: vm-admin-password}
    # or: {variable: management_vm_admin_password}  (a sensitive Terraform variable)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.secrets import carries_credential, looks_like_secret
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SEC001",
    name="literal-secret",
    severity="critical",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/key-vault/general/best-practices",
        "https://learn.microsoft.com/security/benchmark/azure/mcsb-identity-management#im-8-restrict-the-exposure-of-credentials-and-secrets",
        "https://learn.microsoft.com/azure/vpn-gateway/tutorial-site-to-site-portal#VPNDevice",
    ),
    mcsb=("IM-8", "DP-6"),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vm in arch.index.of_kind("virtual_machine"):
        if isinstance(vm.admin_password, str):
            yield Violation.on(
                arch,
                vm,
                "admin_password",
                message=f"{vm.label()} has its admin password written as a literal value",
            )
    for connection in arch.index.of_kind("gateway_connection"):
        if isinstance(connection.shared_key, str):
            yield Violation.on(
                arch,
                connection,
                "shared_key",
                message=f"{connection.label()} has its IPsec shared key written as a literal value",
            )
    for app in arch.index.of_kind("function_app", "web_app", "logic_app"):
        for field in ("app_settings", "connection_strings"):
            for position, setting in enumerate(getattr(app, field)):
                if setting.value is None or setting.secret is not None:
                    continue
                if (
                    carries_credential(setting.value)
                    if field == "connection_strings"
                    else looks_like_secret(setting.name, setting.value)
                ):
                    yield Violation.on(
                        arch,
                        app,
                        field,
                        position,
                        "value",
                        message=f"{app.label()} {field[:-1].replace('_', ' ')} "
                        f"'{setting.name}' holds a literal secret",
                    )
