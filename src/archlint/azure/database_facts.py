"""Facts about Azure SQL Database and the PostgreSQL and MySQL flexible servers, each with
the Microsoft Learn page that states it (zone redundancy by tier, high availability by tier,
the data a region loss can cost per recovery feature)."""

from __future__ import annotations

from archlint.azure.facts import Fact, Limit

__all__ = [
    "FLEXIBLE_GEO_RESTORE_RPO",
    "FLEXIBLE_HA_UNSUPPORTED_TIERS",
    "SQL_GEO_REPLICATION_RPO",
    "SQL_GEO_RESTORE_RPO",
    "SQL_POOL_ZONE_REDUNDANT_TIERS",
    "SQL_ZONE_REDUNDANT_TIERS",
    "SQL_ZONE_REDUNDANT_TIERS_EVERYWHERE",
]

_SQL_ZONES = "https://learn.microsoft.com/azure/azure-sql/database/enable-zone-redundancy"
_SQL_CONTINUITY = (
    "https://learn.microsoft.com/azure/azure-sql/database/"
    "business-continuity-high-availability-disaster-recover-hadr-overview"
)
_PG_HA = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-high-availability"
_MYSQL_HA = "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-high-availability"
_PG_CONTINUITY = (
    "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-business-continuity"
)

#: Tiers whose single databases can be zone-redundant.
SQL_ZONE_REDUNDANT_TIERS: Fact[frozenset[str]] = Fact(
    frozenset({"Premium", "BusinessCritical", "GeneralPurpose", "Hyperscale"}),
    _SQL_ZONES,
    note="General Purpose only in selected regions; Hyperscale only when the database is "
    "created. Basic and Standard (DTU) have no zone redundancy.",
)
#: Of those, the tiers Microsoft offers zone redundancy for in every region with zones.
SQL_ZONE_REDUNDANT_TIERS_EVERYWHERE: Fact[frozenset[str]] = Fact(
    frozenset({"Premium", "BusinessCritical", "Hyperscale"}), _SQL_ZONES
)
#: Tiers whose elastic pools can be zone-redundant.
SQL_POOL_ZONE_REDUNDANT_TIERS: Fact[frozenset[str]] = Fact(
    frozenset({"Premium", "BusinessCritical", "GeneralPurpose"}),
    _SQL_ZONES,
    note="Microsoft's table lists Hyperscale for single databases only.",
)
#: Active geo-replication and failover groups: asynchronous replication, RPO 5 seconds.
SQL_GEO_REPLICATION_RPO: Limit = Limit(
    5,
    "seconds",
    _SQL_CONTINUITY,
    note="Managed instance failover groups: https://learn.microsoft.com/azure/azure-sql/"
    "managed-instance/business-continuity-high-availability-disaster-recover-hadr-overview",
)
#: Geo-restore from geo-replicated backups: RPO 1 hour.
SQL_GEO_RESTORE_RPO: Limit = Limit(60, "minutes", _SQL_CONTINUITY)
#: High availability (a standby replica) is not offered on the Burstable tier.
FLEXIBLE_HA_UNSUPPORTED_TIERS: Fact[frozenset[str]] = Fact(
    frozenset({"Burstable"}), _PG_HA, note=f"MySQL: {_MYSQL_HA}"
)
#: Geo-restore of a flexible server from geo-redundant backups: RPO under 1 hour.
FLEXIBLE_GEO_RESTORE_RPO: Limit = Limit(
    60,
    "minutes",
    _PG_CONTINUITY,
    note="MySQL states the same: https://learn.microsoft.com/azure/mysql/flexible-server/"
    "concepts-business-continuity",
)
