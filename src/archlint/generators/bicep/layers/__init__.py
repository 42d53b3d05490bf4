"""Resources per layer, as ARM properties. Same choices as the Terraform generator: the model's
TTLs, retries, dead-lettering, zones, TLS floors, private endpoints with DNS zone groups,
lifecycle rules, alerts, autoscale and backups reach the properties; what ARM cannot express is
a comment in the module (``Bicep.note``). One module per layer."""

from archlint.generators.bicep.layers.compute import compute
from archlint.generators.bicep.layers.data import data
from archlint.generators.bicep.layers.dr import dr
from archlint.generators.bicep.layers.edge import edge
from archlint.generators.bicep.layers.messaging import messaging
from archlint.generators.bicep.layers.monitoring import monitoring
from archlint.generators.bicep.layers.network import network
from archlint.generators.bicep.layers.security import security

__all__ = ["compute", "data", "dr", "edge", "messaging", "monitoring", "network", "security"]
