"""Azure facts about resource types archlint models only generically (``resources:``), keyed by
azurerm resource type: the private DNS zones of their private-link sub-resources, and which
types' public endpoints deny every network until a firewall rule admits one.

Each table names the Microsoft Learn page it was taken from. A type missing from a table is not
judged by the rule that reads it (never assumed).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "FIREWALL_DENIES_BY_DEFAULT",
    "FIREWALL_DENIES_BY_DEFAULT_SOURCES",
    "PRIVATE_LINK_ZONES",
    "PRIVATE_LINK_ZONES_SOURCE",
    "PUBLIC_ACCESS_BY_DESIGN",
    "PUBLIC_ACCESS_BY_DESIGN_SOURCE",
    "private_link_zones",
]

PRIVATE_LINK_ZONES_SOURCE: Final = (
    "https://learn.microsoft.com/azure/private-link/private-endpoint-dns"
)

_SQL = ("privatelink.database.windows.net",)
_SERVICEBUS = ("privatelink.servicebus.windows.net",)

#: azurerm type -> private-link sub-resource (group ID, lower case) -> the private DNS zone
#: names Learn's "Azure Private Endpoint private DNS zone values" lists for it. Where it lists
#: several zones for one sub-resource (an AI services account, an IoT hub, a machine learning
#: workspace), an endpoint registered in any of them is taken as configured: archlint does not
#: know which endpoints of the service the clients use. Zones whose name holds the region
#: (``privatelink.{region}.batch.azure.com``, AKS, Backup) are left out.
PRIVATE_LINK_ZONES: Final = MappingProxyType(
    {
        "azurerm_automation_account": {
            "webhook": ("privatelink.azure-automation.net",),
            "dscandhybridworker": ("privatelink.azure-automation.net",),
        },
        "azurerm_mssql_server": {"sqlserver": _SQL},
        "azurerm_sql_server": {"sqlserver": _SQL},
        "azurerm_synapse_workspace": {
            "sql": ("privatelink.sql.azuresynapse.net",),
            "sqlondemand": ("privatelink.sql.azuresynapse.net",),
            "dev": ("privatelink.dev.azuresynapse.net",),
        },
        "azurerm_postgresql_server": {
            "postgresqlserver": ("privatelink.postgres.database.azure.com",)
        },
        "azurerm_mysql_server": {"mysqlserver": ("privatelink.mysql.database.azure.com",)},
        "azurerm_mariadb_server": {"mariadbserver": ("privatelink.mariadb.database.azure.com",)},
        "azurerm_search_service": {"searchservice": ("privatelink.search.windows.net",)},
        "azurerm_container_registry": {"registry": ("privatelink.azurecr.io",)},
        "azurerm_app_configuration": {"configurationstores": ("privatelink.azconfig.io",)},
        "azurerm_relay_namespace": {"namespace": _SERVICEBUS},
        "azurerm_eventgrid_domain": {"domain": ("privatelink.eventgrid.azure.net",)},
        "azurerm_iothub": {"iothub": ("privatelink.azure-devices.net", *_SERVICEBUS)},
        "azurerm_signalr_service": {"signalr": ("privatelink.service.signalr.net",)},
        "azurerm_machine_learning_workspace": {
            "amlworkspace": ("privatelink.api.azureml.ms", "privatelink.notebooks.azure.net")
        },
        "azurerm_cognitive_account": {
            "account": (
                "privatelink.cognitiveservices.azure.com",
                "privatelink.openai.azure.com",
                "privatelink.services.ai.azure.com",
            )
        },
        "azurerm_storage_sync": {"afs": ("privatelink.afs.azure.net",)},
        "azurerm_data_factory": {
            "datafactory": ("privatelink.datafactory.azure.net",),
            "portal": ("privatelink.adf.azure.com",),
        },
    }
)


def private_link_zones(resource_type: str, subresource: str) -> tuple[str, ...] | None:
    """The zones a private endpoint to ``resource_type``'s ``subresource`` registers in (any
    one of them), or None when the table does not say. Group IDs compare case-blind."""
    return PRIVATE_LINK_ZONES.get(resource_type, {}).get(subresource.lower())


#: Types whose public endpoint admits no network until a firewall rule (its own resource, e.g.
#: ``azurerm_mssql_firewall_rule``) names one: public network access left enabled is not an
#: open endpoint by itself.
FIREWALL_DENIES_BY_DEFAULT: Final = frozenset(
    {
        "azurerm_mssql_server",
        "azurerm_sql_server",
        "azurerm_synapse_workspace",
        "azurerm_postgresql_server",
        "azurerm_postgresql_flexible_server",
        "azurerm_mysql_server",
        "azurerm_mysql_flexible_server",
        "azurerm_mariadb_server",
        "azurerm_cosmosdb_postgresql_cluster",
    }
)
FIREWALL_DENIES_BY_DEFAULT_SOURCES: Final = (
    "https://learn.microsoft.com/azure/azure-sql/database/firewall-configure",
    "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules",
    "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking-public",
)

#: Types whose private endpoint commonly serves one path while the public one stays open by
#: design (Azure Databricks "back-end only" Private Link keeps the workspace UI public), so a
#: public endpoint beside a private one is not a defect archlint can call.
PUBLIC_ACCESS_BY_DESIGN: Final = frozenset({"azurerm_databricks_workspace"})
PUBLIC_ACCESS_BY_DESIGN_SOURCE: Final = (
    "https://learn.microsoft.com/azure/databricks/security/network/classic/private-link"
)
