"""The ARM resource type of each model kind that is one Azure resource.

Used for metric alert namespaces and diagnostic-setting targets in Terraform, resource types in
Bicep, and the Azure Monitor metrics each type emits (``archlint.azure.metrics``).
Source: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types
"""

ARM_TYPES: dict[str, str] = {
    "virtual_network": "Microsoft.Network/virtualNetworks",
    "network_security_group": "Microsoft.Network/networkSecurityGroups",
    "public_ip": "Microsoft.Network/publicIPAddresses",
    "private_endpoint": "Microsoft.Network/privateEndpoints",
    "application_gateway": "Microsoft.Network/applicationGateways",
    "bastion": "Microsoft.Network/bastionHosts",
    "traffic_manager": "Microsoft.Network/trafficManagerProfiles",
    "front_door": "Microsoft.Cdn/profiles",
    "event_grid_topic": "Microsoft.EventGrid/topics",
    "event_grid_system_topic": "Microsoft.EventGrid/systemTopics",
    "event_hubs_namespace": "Microsoft.EventHub/namespaces",
    "service_bus_namespace": "Microsoft.ServiceBus/namespaces",
    "app_service_environment": "Microsoft.Web/hostingEnvironments",
    "app_service_plan": "Microsoft.Web/serverfarms",
    "function_app": "Microsoft.Web/sites",
    "web_app": "Microsoft.Web/sites",
    "logic_app": "Microsoft.Web/sites",
    "virtual_machine": "Microsoft.Compute/virtualMachines",
    "cosmos_account": "Microsoft.DocumentDB/databaseAccounts",
    "redis_cache": "Microsoft.Cache/redis",
    "storage_account": "Microsoft.Storage/storageAccounts",
    "log_analytics_workspace": "Microsoft.OperationalInsights/workspaces",
    "application_insights": "Microsoft.Insights/components",
    "key_vault": "Microsoft.KeyVault/vaults",
}
