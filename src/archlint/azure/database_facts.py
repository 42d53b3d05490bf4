"""Facts about Azure SQL Database and the PostgreSQL and MySQL flexible servers, each with
the Microsoft Learn page that states it (zone redundancy by tier, high availability by tier,
the data a region loss can cost per recovery feature)."""

from __future__ import annotations

from archlint.azure.facts import Fact, Limit

__all__ = [
    "FLEXIBLE_GEO_RESTORE_RPO",
    "FLEXIBLE_HA_UNSUPPORTED_TIERS",
    "FLEXIBLE_MIN_TLS_DEFAULT",
    "FLEXIBLE_SECURE_TRANSPORT_DEFAULT",
    "SQL_GEO_REPLICATION_RPO",
    "SQL_GEO_RESTORE_RPO",
    "SQL_MI_ZONE_REDUNDANCY_BACKUP",
    "SQL_MI_ZONE_REDUNDANT_REGIONS",
    "SQL_MI_ZONE_REDUNDANT_TIERS",
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


# --- Flexible servers: TLS server parameters -------------------------------------------------

_PG_TLS = "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls"
_PG_TLS_PARAMETERS = "https://learn.microsoft.com/azure/postgresql/server-parameters/param-tls"
_MYSQL_TLS = "https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-tls-ssl"

#: Server parameter require_secure_transport is on by default: plain-text connections refused.
FLEXIBLE_SECURE_TRANSPORT_DEFAULT: Fact[bool] = Fact(
    True,
    _PG_TLS_PARAMETERS,
    note=f"PostgreSQL: default 'on', allowed 'on,off'; MySQL: ON by default ({_MYSQL_TLS})",
)
#: The minimum TLS version a flexible server accepts by default: 1.2 (PostgreSQL
#: ssl_min_protocol_version TLSv1.2, which allows TLSv1.2 and TLSv1.3 only; MySQL tls_version
#: TLSv1.2, where MySQL 5.7 also allowed TLSv1 and TLSv1.1 until September 2024).
FLEXIBLE_MIN_TLS_DEFAULT: Fact[str] = Fact(
    "1.2",
    _PG_TLS,
    note=f"MySQL: {_MYSQL_TLS}; PostgreSQL parameter reference: https://learn.microsoft.com/"
    "azure/postgresql/server-parameters/param-connections-authentication-ssl",
)

# --- SQL Managed Instance: zone redundancy ----------------------------------------------------

_MI_REGIONS = (
    "https://learn.microsoft.com/azure/azure-sql/managed-instance/region-availability"
    "#zone-redundancy"
)
_MI_ZONES = (
    "https://learn.microsoft.com/azure/azure-sql/managed-instance/"
    "high-availability-sla-local-zone-redundancy"
)
_MI_ZONES_CONFIGURE = "https://learn.microsoft.com/azure/azure-sql/managed-instance/instance-zone-redundancy-configure"

#: Service tiers whose instances can be zone-redundant: Business Critical (GA) and General
#: Purpose (GA June 2025), not Next-gen General Purpose.
SQL_MI_ZONE_REDUNDANT_TIERS: Fact[frozenset[str]] = Fact(
    frozenset({"GeneralPurpose", "BusinessCritical"}),
    _MI_ZONES,
    note="General Purpose GA in June 2025 (https://learn.microsoft.com/azure/azure-sql/"
    "managed-instance/doc-changes-updates-release-notes-whats-new); Next-gen General "
    "Purpose has no zone redundancy (https://learn.microsoft.com/azure/reliability/"
    "reliability-sql-managed-instance)",
)
#: Regions where Learn lists zone redundancy for SQL Managed Instance (feature availability by
#: region, May 2025). Learn keeps this list by hand and it has changed from one revision to the
#: next (West Central US was listed in 2024 and is not now; the 2024 configuration page split it
#: by tier): a region missing here is not judged, never taken as "no zone redundancy".
SQL_MI_ZONE_REDUNDANT_REGIONS: Fact[frozenset[str]] = Fact(
    frozenset(
        {
            # Americas (Learn lists Spain Central here too)
            "brazilsouth",
            "canadacentral",
            "mexicocentral",
            "eastus",
            "eastus2",
            "centralus",
            "westus2",
            "westus3",
            # Asia Pacific
            "eastasia",
            "southeastasia",
            "australiaeast",
            "centralindia",
            "koreacentral",
            "japaneast",
            "japanwest",
            "newzealandnorth",
            # Europe, the Middle East and Africa
            "northeurope",
            "westeurope",
            "francecentral",
            "germanywestcentral",
            "italynorth",
            "israelcentral",
            "norwayeast",
            "polandcentral",
            "qatarcentral",
            "southafricanorth",
            "spaincentral",
            "switzerlandnorth",
            "swedencentral",
            "uaenorth",
            "uksouth",
        }
    ),
    _MI_REGIONS,
    note=f"Configuration and requirements: {_MI_ZONES_CONFIGURE}",
)
#: Zone redundancy needs zone-redundant or geo-zone-redundant backup storage.
SQL_MI_ZONE_REDUNDANCY_BACKUP: Fact[frozenset[str]] = Fact(
    frozenset({"Zone", "GeoZone"}), _MI_ZONES_CONFIGURE
)
