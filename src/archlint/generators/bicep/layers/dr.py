"""Disaster recovery: vaults, backup policies, protected VMs and storage accounts."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    enabled,
)
from archlint.generators.bicep.writer import BExpr, BValue, interpolate

_ANCHOR = "2024-01-01"
_REPEAT = {"hourly": "PT4H", "daily": "P1D", "weekly": "P1W", "continuous": "P1D"}


def dr(b: Bicep) -> None:
    layer = "dr"
    recovery = b.architecture.disaster_recovery
    if recovery.objectives:
        from archlint.model.types import format_duration

        b.note(
            layer,
            f"Recovery objectives: RTO {format_duration(recovery.objectives.rto)}, "
            f"RPO {format_duration(recovery.objectives.rpo)}.",
        )
    for vault in recovery.vaults:
        immutability = vault.immutability.capitalize()
        if vault.vault_kind == "recovery_services":
            b.add(
                layer,
                "Microsoft.RecoveryServices/vaults",
                b.symbols[vault.id],
                vault.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(vault),
                    "sku": {"name": "RS0", "tier": "Standard"},
                    "properties": {
                        "publicNetworkAccess": "Enabled",
                        "securitySettings": {
                            "softDeleteSettings": {"softDeleteState": enabled(vault.soft_delete)},
                            "immutabilitySettings": {"state": immutability},
                        },
                        "redundancySettings": {
                            "standardTierStorageRedundancy": vault.redundancy,
                            "crossRegionRestore": enabled(vault.cross_region_restore),
                        },
                    },
                },
            )
        else:
            b.add(
                layer,
                "Microsoft.DataProtection/backupVaults",
                b.symbols[vault.id],
                vault.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(vault),
                    "identity": {"type": "SystemAssigned"},
                    "properties": {
                        "storageSettings": [
                            {"datastoreType": "VaultStore", "type": vault.redundancy}
                        ],
                        "securitySettings": {
                            "softDeleteSettings": {"state": "On" if vault.soft_delete else "Off"},
                            "immutabilitySettings": {"state": immutability},
                        },
                    },
                },
            )
    for policy in recovery.backup_policies:
        if policy.id not in b.symbols:
            b.note(
                layer,
                f"backup policy '{policy.id}': its vault cannot hold "
                f"{policy.workload} backups; not generated",
            )
            continue
        _backup_policy(b, policy)


def _backup_policy(b: Bicep, policy) -> None:
    layer = "dr"
    vault = b.symbols[policy.vault]
    schedule, retention = policy.schedule, policy.retention
    time = schedule.time or "00:00"
    symbol = b.symbols[policy.id]
    if policy.workload in ("vm", "file_share"):
        run_time = f"{_ANCHOR}T{time}:00Z"
        frequency = "Weekly" if schedule.frequency == "weekly" else "Daily"
        long_term: dict[str, BValue] = {"retentionPolicyType": "LongTermRetentionPolicy"}
        if retention.daily:
            long_term["dailySchedule"] = {
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.daily, "durationType": "Days"},
            }
        if retention.weekly:
            long_term["weeklySchedule"] = {
                "daysOfTheWeek": ["Sunday"],
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.weekly, "durationType": "Weeks"},
            }
        if retention.monthly:
            long_term["monthlySchedule"] = {
                "retentionScheduleFormatType": "Weekly",
                "retentionScheduleWeekly": {
                    "daysOfTheWeek": ["Sunday"],
                    "weeksOfTheMonth": ["First"],
                },
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.monthly, "durationType": "Months"},
            }
        if retention.yearly:
            long_term["yearlySchedule"] = {
                "retentionScheduleFormatType": "Weekly",
                "monthsOfYear": ["January"],
                "retentionScheduleWeekly": {
                    "daysOfTheWeek": ["Sunday"],
                    "weeksOfTheMonth": ["First"],
                },
                "retentionTimes": [run_time],
                "retentionDuration": {"count": retention.yearly, "durationType": "Years"},
            }
        b.add(
            layer,
            "Microsoft.RecoveryServices/vaults/backupPolicies",
            symbol,
            policy.resource_name,
            {
                "properties": {
                    "backupManagementType": "AzureIaasVM"
                    if policy.workload == "vm"
                    else "AzureStorage",
                    "workLoadType": None if policy.workload == "vm" else "AzureFileShare",
                    "timeZone": schedule.time_zone,
                    "schedulePolicy": {
                        "schedulePolicyType": "SimpleSchedulePolicy",
                        "scheduleRunFrequency": frequency,
                        "scheduleRunDays": ["Sunday"] if frequency == "Weekly" else None,
                        "scheduleRunTimes": [run_time],
                    },
                    "retentionPolicy": long_term,
                }
            },
            parent=vault,
        )
        for protected in policy.protected:
            component = b.component(protected)
            if policy.workload != "vm" or component is None or component.kind != "virtual_machine":
                b.note(layer, f"'{protected}' cannot be protected by '{policy.id}' here")
                continue
            vm = component.resource_name
            group = BExpr("resourceGroup().name")
            b.add(
                layer,
                "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/"
                "protectedItems",
                b.new_symbol(f"{protected}-backup"),
                interpolate(
                    BExpr.symbol(vault, "name"),
                    "/Azure/iaasvmcontainer;iaasvmcontainerv2;",
                    group,
                    f";{vm}/vm;iaasvmcontainerv2;",
                    group,
                    f";{vm}",
                ),
                {
                    "properties": {
                        "protectedItemType": "Microsoft.Compute/virtualMachines",
                        "policyId": BExpr.symbol(symbol, "id"),
                        "sourceResourceId": b.ref(protected),
                    }
                },
            )
        return
    days = retention.daily or 7
    if policy.workload == "blob" and schedule.frequency == "continuous":
        duration = retention.duration
        days = retention.daily or (round(duration.total_seconds() / 86400) if duration else 30)
        rules: list[BValue] = [
            {
                "name": "Default",
                "objectType": "AzureRetentionRule",
                "isDefault": True,
                "lifecycles": [
                    {
                        "deleteAfter": {
                            "objectType": "AbsoluteDeleteOption",
                            "duration": f"P{days}D",
                        },
                        "sourceDataStore": {
                            "dataStoreType": "OperationalStore",
                            "objectType": "DataStoreInfoBase",
                        },
                        "targetDataStoreCopySettings": [],
                    }
                ],
            }
        ]
    else:
        store = "VaultStore" if policy.workload == "blob" else "OperationalStore"
        interval = f"R/{_ANCHOR}T{time}:00+00:00/{_REPEAT[schedule.frequency]}"
        rules = [
            {
                "name": "Default",
                "objectType": "AzureRetentionRule",
                "isDefault": True,
                "lifecycles": [
                    {
                        "deleteAfter": {
                            "objectType": "AbsoluteDeleteOption",
                            "duration": f"P{days}D",
                        },
                        "sourceDataStore": {
                            "dataStoreType": store,
                            "objectType": "DataStoreInfoBase",
                        },
                        "targetDataStoreCopySettings": [],
                    }
                ],
            },
            {
                "name": "BackupSchedule",
                "objectType": "AzureBackupRule",
                "backupParameters": {
                    "objectType": "AzureBackupParams",
                    "backupType": "Discrete" if policy.workload == "blob" else "Incremental",
                },
                "dataStore": {"dataStoreType": store, "objectType": "DataStoreInfoBase"},
                "trigger": {
                    "objectType": "ScheduleBasedTriggerContext",
                    "schedule": {
                        "repeatingTimeIntervals": [interval],
                        "timeZone": schedule.time_zone,
                    },
                    "taggingCriteria": [
                        {
                            "isDefault": True,
                            "taggingPriority": 99,
                            "tagInfo": {"tagName": "Default"},
                        }
                    ],
                },
            },
        ]
    datasource = (
        "Microsoft.Storage/storageAccounts/blobServices"
        if policy.workload == "blob"
        else "Microsoft.Compute/disks"
    )
    b.add(
        layer,
        "Microsoft.DataProtection/backupVaults/backupPolicies",
        symbol,
        policy.resource_name,
        {
            "properties": {
                "objectType": "BackupPolicy",
                "datasourceTypes": [datasource],
                "policyRules": rules,
            }
        },
        parent=vault,
    )
    for protected in policy.protected:
        account = b.component(protected)
        if policy.workload != "blob" or account is None or account.kind != "storage_account":
            b.note(layer, f"'{protected}' cannot be protected by '{policy.id}' here")
            continue
        b.role(
            layer,
            policy.vault,
            b.ref(policy.vault, "identity.principalId"),
            protected,
            "Storage Account Backup Contributor",
        )
        b.add(
            layer,
            "Microsoft.DataProtection/backupVaults/backupInstances",
            b.new_symbol(f"{protected}-{policy.id}"),
            f"{account.resource_name}-{policy.resource_name}",
            {
                "properties": {
                    "objectType": "BackupInstance",
                    "dataSourceInfo": {
                        "objectType": "Datasource",
                        "resourceID": b.ref(protected),
                        "resourceName": b.ref(protected, "name"),
                        "resourceType": "Microsoft.Storage/storageAccounts",
                        "resourceLocation": b.location(),
                        "datasourceType": datasource,
                    },
                    "policyInfo": {"policyId": BExpr.symbol(symbol, "id")},
                }
            },
            parent=vault,
        )
