"""Disaster recovery: objectives, vaults, backup policies, failover design, chaos."""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, Region, StrictModel, empty_list
from archlint.model.types import Duration


class Objectives(StrictModel):
    rto: Duration = Field(description="Recovery time objective.")
    rpo: Duration = Field(description="Recovery point objective.")


class BackupVault(Component):
    kind: ClassVar[str] = "backup_vault"
    title: ClassVar[str] = "vault"

    vault_kind: Literal["recovery_services", "backup"] = Field(
        description="Recovery Services vault (VMs, files) or Backup vault (blobs, disks)."
    )
    redundancy: Literal["GeoRedundant", "LocallyRedundant", "ZoneRedundant"]
    soft_delete: bool = True
    cross_region_restore: bool = False
    immutability: Literal["disabled", "unlocked", "locked"] = "disabled"


class BackupSchedule(StrictModel):
    frequency: Literal["hourly", "daily", "weekly", "continuous"]
    time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$")
    time_zone: str | None = None


class BackupRetention(StrictModel):
    daily: int | None = Field(default=None, ge=1, description="Daily points kept (days).")
    weekly: int | None = Field(default=None, ge=1, description="Weekly points kept (weeks).")
    monthly: int | None = Field(default=None, ge=1, description="Monthly points (months).")
    yearly: int | None = Field(default=None, ge=1, description="Yearly points (years).")
    duration: Duration | None = Field(default=None, description="Operational (continuous) backup.")


class BackupPolicy(Component):
    kind: ClassVar[str] = "backup_policy"
    title: ClassVar[str] = "backup policy"

    vault: Ref("backup_vault")
    workload: Literal["vm", "blob", "file_share", "disk"]
    schedule: BackupSchedule
    retention: BackupRetention
    protected: list[Ref()] = Field(default_factory=empty_list)


class FailoverDesign(StrictModel):
    component: Ref()
    strategy: Literal[
        "active_active", "automatic_failover", "manual_failover", "redeploy", "restore", "none"
    ]
    secondary_region: Region | None = None
    secondary_deployed: bool = Field(
        default=False, description="True when the secondary is running before a disaster."
    )
    estimated_recovery_time: Duration | None = None
    notes: str | None = None


class ChaosExperiment(Component):
    kind: ClassVar[str] = "chaos_experiment"
    title: ClassVar[str] = "chaos experiment"

    targets: list[Ref()] = Field(default_factory=empty_list)
    faults: list[str] = Field(default_factory=empty_list)
    status: Literal["planned", "designed", "running"] = "planned"


class EventReplay(StrictModel):
    source: Ref("cosmos_container", "storage_account", "event_hub")
    point_in_time: bool = True


class DisasterRecovery(StrictModel):
    objectives: Objectives | None = None
    vaults: list[BackupVault] = Field(default_factory=empty_list)
    backup_policies: list[BackupPolicy] = Field(default_factory=empty_list)
    failover: list[FailoverDesign] = Field(default_factory=empty_list)
    event_replay: EventReplay | None = None
    chaos_experiments: list[ChaosExperiment] = Field(default_factory=empty_list)
