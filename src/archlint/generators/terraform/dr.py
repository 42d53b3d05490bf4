"""``dr.tf``: backup vaults, backup policies and what they protect.

Recovery objectives, failover designs, event replay and chaos experiments are design intent
with no azurerm resource: they are written as comments so the reader sees them next to the
backups that serve them.
"""

from __future__ import annotations

from archlint.generators.hcl import Block, BodyEntry, Comment, Expr
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.dr import BackupPolicy, BackupRetention, BackupSchedule, BackupVault
from archlint.model.types import format_duration

FILE = "dr.tf"

# Weekly, monthly and yearly points are taken on a Sunday, the first week, in January: the
# model gives counts only, so these anchors are chosen.
_WEEKDAY, _WEEK, _MONTH = "Sunday", "First", "January"
# ISO 8601 repeating intervals need a start date; any past date gives the same schedule.
_ANCHOR_DATE = "2024-01-01"
_REPEAT = {"hourly": "PT4H", "daily": "P1D", "weekly": "P1W", "continuous": "P1D"}


def emit(tf: Terraform) -> None:
    dr = tf.architecture.disaster_recovery
    notes = []
    if dr.objectives:
        notes.append(
            f"Recovery objectives: RTO {format_duration(dr.objectives.rto)}, "
            f"RPO {format_duration(dr.objectives.rpo)}."
        )
    for design in dr.failover:
        where = f" to {design.secondary_region}" if design.secondary_region else ""
        state = "deployed" if design.secondary_deployed else "not deployed"
        notes.append(f"Failover of {design.component}: {design.strategy}{where} ({state}).")
    if dr.event_replay:
        notes.append(f"Event replay source: {dr.event_replay.source}.")
    for experiment in dr.chaos_experiments:
        notes.append(
            f"Chaos experiment {experiment.id} ({experiment.status}): "
            f"{', '.join(experiment.faults)} on {', '.join(experiment.targets)}."
        )
    if notes:
        tf.add(FILE, Comment("\n".join(notes)))
    for vault in dr.vaults:
        _vault(tf, vault)
    for policy in dr.backup_policies:
        _policy(tf, policy)


def _vault(tf: Terraform, vault: BackupVault) -> None:
    immutability = vault.immutability.capitalize()
    geo = vault.redundancy == "GeoRedundant"
    if vault.vault_kind == "recovery_services":
        tf.resource(
            FILE,
            "azurerm_recovery_services_vault",
            tf.address(vault.id).name,
            [
                *tf.common(vault),
                ("sku", "Standard"),
                ("storage_mode_type", vault.redundancy),
                ("cross_region_restore_enabled", vault.cross_region_restore if geo else None),
                ("soft_delete_enabled", vault.soft_delete),
                ("immutability", immutability),
                ("tags", tf.tags(vault)),
            ],
        )
        return
    tf.resource(
        FILE,
        "azurerm_data_protection_backup_vault",
        tf.address(vault.id).name,
        [
            *tf.common(vault),
            ("datastore_type", "VaultStore"),
            ("redundancy", vault.redundancy),
            ("cross_region_restore_enabled", vault.cross_region_restore if geo else None),
            ("soft_delete", "On" if vault.soft_delete else "Off"),
            ("immutability", immutability),
            ("tags", tf.tags(vault)),
            # The vault's identity reads the storage accounts it backs up.
            Block.of("identity", items=[("type", "SystemAssigned")]),
        ],
    )


def _retention_blocks(retention: BackupRetention) -> list[BodyEntry]:
    blocks: list[BodyEntry] = []
    if retention.daily:
        blocks.append(Block.of("retention_daily", items=[("count", retention.daily)]))
    if retention.weekly:
        blocks.append(
            Block.of(
                "retention_weekly", items=[("count", retention.weekly), ("weekdays", [_WEEKDAY])]
            )
        )
    if retention.monthly:
        blocks.append(
            Block.of(
                "retention_monthly",
                items=[
                    ("count", retention.monthly),
                    ("weekdays", [_WEEKDAY]),
                    ("weeks", [_WEEK]),
                ],
            )
        )
    if retention.yearly:
        blocks.append(
            Block.of(
                "retention_yearly",
                items=[
                    ("count", retention.yearly),
                    ("weekdays", [_WEEKDAY]),
                    ("weeks", [_WEEK]),
                    ("months", [_MONTH]),
                ],
            )
        )
    return blocks


def _schedule(schedule: BackupSchedule, hourly: list[BodyEntry]) -> Block:
    frequency = schedule.frequency.capitalize()
    return Block.of(
        "backup",
        items=[
            ("frequency", "Daily" if frequency == "Continuous" else frequency),
            ("time", schedule.time or "00:00"),
            ("weekdays", [_WEEKDAY] if schedule.frequency == "weekly" else None),
            *(hourly if schedule.frequency == "hourly" else []),
        ],
    )


def _interval(schedule: BackupSchedule) -> str:
    return f"R/{_ANCHOR_DATE}T{schedule.time or '00:00'}:00+00:00/{_REPEAT[schedule.frequency]}"


def _policy(tf: Terraform, policy: BackupPolicy) -> None:
    vault = tf.component(policy.vault)
    kind = getattr(vault, "vault_kind", None)
    expected = "backup" if policy.workload in ("blob", "disk") else "recovery_services"
    if kind != expected:
        tf.add(
            FILE,
            Comment(
                f"backup policy '{policy.id}': {policy.workload} backups need a "
                f"{expected.replace('_', ' ')} vault, '{policy.vault}' is not one; not generated"
            ),
        )
        return
    {
        "vm": _vm_policy,
        "file_share": _file_share_policy,
        "blob": _blob_policy,
        "disk": _disk_policy,
    }[policy.workload](tf, policy)


def _vm_policy(tf: Terraform, policy: BackupPolicy) -> None:
    name = tf.address(policy.id).name
    schedule = policy.schedule
    tf.resource(
        FILE,
        "azurerm_backup_policy_vm",
        name,
        [
            ("name", policy.resource_name),
            ("resource_group_name", RG_NAME),
            ("recovery_vault_name", tf.ref(policy.vault, "name")),
            ("timezone", schedule.time_zone),
            # Hourly schedules exist only in Enhanced (V2) policies.
            ("policy_type", "V2" if schedule.frequency == "hourly" else None),
            _schedule(schedule, [("hour_interval", 4), ("hour_duration", 24)]),
            *_retention_blocks(policy.retention),
        ],
    )
    for protected in policy.protected:
        component = tf.component(protected)
        if component is None or component.kind != "virtual_machine":
            tf.add(FILE, Comment(f"'{protected}' is not a VM: not protected by '{policy.id}'"))
            continue
        tf.resource(
            FILE,
            "azurerm_backup_protected_vm",
            tf.local_name("azurerm_backup_protected_vm", protected),
            [
                ("resource_group_name", RG_NAME),
                ("recovery_vault_name", tf.ref(policy.vault, "name")),
                ("source_vm_id", tf.ref(protected)),
                ("backup_policy_id", Expr(f"azurerm_backup_policy_vm.{name}.id")),
            ],
        )


def _file_share_policy(tf: Terraform, policy: BackupPolicy) -> None:
    schedule = policy.schedule
    hourly = [
        Block.of(
            "hourly",
            items=[
                ("interval", 4),
                ("start_time", schedule.time or "00:00"),
                ("window_duration", 24),
            ],
        )
    ]
    tf.resource(
        FILE,
        "azurerm_backup_policy_file_share",
        tf.address(policy.id).name,
        [
            ("name", policy.resource_name),
            ("resource_group_name", RG_NAME),
            ("recovery_vault_name", tf.ref(policy.vault, "name")),
            ("timezone", schedule.time_zone),
            _schedule(schedule, hourly),
            *_retention_blocks(policy.retention),
        ],
    )
    if policy.protected:
        tf.add(
            FILE,
            Comment(f"file shares of '{policy.id}' are not model components: protect them"),
        )


def _blob_policy(tf: Terraform, policy: BackupPolicy) -> None:
    name = tf.address(policy.id).name
    schedule, retention = policy.schedule, policy.retention
    items: list[BodyEntry] = [
        ("name", policy.resource_name),
        ("vault_id", tf.ref(policy.vault)),
        ("time_zone", schedule.time_zone),
    ]
    if schedule.frequency == "continuous":
        # Operational backup: point-in-time restore inside the account for this long.
        duration = retention.duration
        days = retention.daily or (round(duration.total_seconds() / 86400) if duration else 30)
        items.append(("operational_default_retention_duration", f"P{days}D"))
    else:
        # Vaulted backup: copies kept in the vault, taken on the schedule.
        days = retention.daily or 30
        items += [
            ("vault_default_retention_duration", f"P{days}D"),
            ("backup_repeating_time_intervals", [_interval(schedule)]),
        ]
    tf.resource(FILE, "azurerm_data_protection_backup_policy_blob_storage", name, items)
    vault = tf.component(policy.vault)
    for protected in policy.protected:
        account = tf.component(protected)
        if account is None or account.kind != "storage_account" or vault is None:
            tf.add(FILE, Comment(f"'{protected}' is not a storage account: not protected"))
            continue
        principal = tf.ref(vault.id, "identity[0].principal_id")
        # The vault can only protect the account once its identity holds this role.
        role = tf.grant(FILE, vault.id, principal, account.id, "Storage Account Backup Contributor")
        containers = getattr(account, "containers", [])
        vaulted = schedule.frequency != "continuous"
        tf.resource(
            FILE,
            "azurerm_data_protection_backup_instance_blob_storage",
            tf.local_name("azurerm_data_protection_backup_instance_blob_storage", protected),
            [
                ("name", f"{account.resource_name}-{policy.resource_name}"),
                ("vault_id", tf.ref(vault.id)),
                ("location", tf.location(None)),
                ("storage_account_id", tf.ref(account.id)),
                (
                    "backup_policy_id",
                    Expr(f"azurerm_data_protection_backup_policy_blob_storage.{name}.id"),
                ),
                (
                    "storage_account_container_names",
                    [tf.container_ref(account.id, c) for c in containers]
                    if vaulted and containers
                    else None,
                ),
                ("depends_on", [role] if role is not None else None),
            ],
        )


def _disk_policy(tf: Terraform, policy: BackupPolicy) -> None:
    days = policy.retention.daily or 7
    tf.resource(
        FILE,
        "azurerm_data_protection_backup_policy_disk",
        tf.address(policy.id).name,
        [
            ("name", policy.resource_name),
            ("vault_id", tf.ref(policy.vault)),
            ("backup_repeating_time_intervals", [_interval(policy.schedule)]),
            ("default_retention_duration", f"P{days}D"),
            ("time_zone", policy.schedule.time_zone),
        ],
    )
    if policy.protected:
        tf.add(FILE, Comment(f"disks of '{policy.id}' are not model components: protect them"))
