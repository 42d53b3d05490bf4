"""TLS below 1.2 accepted, or a plain-text endpoint enabled.

## What it does
Flags:

- every component whose `min_tls_version` is below 1.2 (storage, Service Bus, Event Hubs,
  Event Grid, Cosmos DB, Redis, Key Vault, apps, the App Service Environment, Application
  Gateway, SQL, the PostgreSQL and MySQL flexible servers), and a
  `security.minimum_tls_version` policy below 1.2;
- a Redis cache with `non_ssl_port_enabled: true` (port 6379 in clear text);
- a PostgreSQL or MySQL flexible server with `require_secure_transport: false` (the server
  parameter of that name off: it admits plain-text connections);
- an app or storage account with `https_only: false` (for storage: secure transfer not
  required, so it takes plain HTTP);
- a Front Door route that serves HTTP without redirecting to HTTPS, or forwards to its
  origins over plain HTTP.

## Why is this bad?
TLS 1.0 and 1.1 have known weaknesses and Azure has retired them across its services
(Azure Storage stopped accepting them in February 2026): a client or service still set to
them either fails or downgrades security. A non-TLS port sends keys and data, and an HTTP
endpoint sends cookies and tokens, in clear text over the network. The seed promises
"TLS 1.2+ for transit".

## Example
```yaml
redis_caches:
  - {id: redis-main, tier: premium, min_tls_version: "1.0", non_ssl_port_enabled: true}
web_apps:
  - {id: app-web, plan: plan-web, https_only: false}
postgresql_servers:
  - {id: psql-main, tier: GeneralPurpose, require_secure_transport: false}
```

## Use instead
```yaml
redis_caches:
  - {id: redis-main, tier: premium, min_tls_version: "1.2", non_ssl_port_enabled: false}
web_apps:
  - {id: app-web, plan: plan-web, https_only: true}
postgresql_servers:
  - {id: psql-main, tier: GeneralPurpose}
```

## Notes
The flexible servers' settings are server parameters (in Terraform, one
`azurerm_postgresql_flexible_server_configuration` or
`azurerm_mysql_flexible_server_configuration` each): `require_secure_transport` and the
minimum TLS version (`ssl_min_protocol_version` for PostgreSQL, the lowest version
`tls_version` lists for MySQL). Azure's defaults, secure transport on and TLS 1.2, pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import MIN_TLS_VERSION
from archlint.model import Architecture
from archlint.model.architecture import attribute_or
from archlint.model.data import RedisCache
from archlint.model.edge import FrontDoor
from archlint.rules.api import Violation, rule


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@rule(
    "SEC002",
    name="tls-below-1-2",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-migrate-to-tls2",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-remove-tls-10-11",
        "https://learn.microsoft.com/azure/app-service/overview-tls",
        "https://learn.microsoft.com/azure/frontdoor/front-door-route-matching",
        "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls",
        "https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-tls-ssl",
    ),
    mcsb=("DP-3", "NS-8"),
    pillars=("Security",),
    aprl=("f075a1bd-de9e-4819-9a1d-1ac41037a74f",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    minimum = _version(MIN_TLS_VERSION)
    if _version(arch.security.minimum_tls_version) < minimum:
        yield Violation(
            ("security", "minimum_tls_version"),
            f"the architecture's minimum TLS version is {arch.security.minimum_tls_version}; "
            f"it should be at least {MIN_TLS_VERSION}",
        )
    for entry in arch.index.by_id.values():
        component = entry.component
        version = attribute_or(component, "min_tls_version")
        if isinstance(version, str) and _version(version) < minimum:
            yield Violation.on(
                arch,
                component,
                "min_tls_version",
                message=f"{component.label()} accepts TLS {version}; the minimum should be "
                f"TLS {MIN_TLS_VERSION}",
            )
        if attribute_or(component, "https_only", True) is False:
            yield Violation.on(
                arch,
                component,
                "https_only",
                message=f"{component.label()} also serves plain HTTP (https_only is false)",
            )
        if attribute_or(component, "require_secure_transport", True) is False:
            yield Violation.on(
                arch,
                component,
                "require_secure_transport",
                message=f"{component.label()} admits plain-text connections "
                "(server parameter require_secure_transport is off)",
            )
        if isinstance(component, RedisCache) and component.non_ssl_port_enabled:
            yield Violation.on(
                arch,
                component,
                "non_ssl_port_enabled",
                message=f"{component.label()} has its non-TLS port (6379) enabled",
            )
        if isinstance(component, FrontDoor):
            yield from _front_door(arch, component)


def _front_door(arch: Architecture, front_door: FrontDoor) -> Iterator[Violation]:
    for position, route in enumerate(front_door.routes):
        if route.forwarding_protocol == "HttpOnly" or (
            route.forwarding_protocol == "MatchRequest" and not route.https_redirect
        ):
            yield Violation.on(
                arch,
                front_door,
                "routes",
                position,
                "forwarding_protocol",
                message=f"{front_door.label()} route '{route.name}' forwards "
                f"{'requests' if route.forwarding_protocol == 'HttpOnly' else 'HTTP requests'} "
                f"to its origins over plain HTTP (forwarding_protocol "
                f"{route.forwarding_protocol})",
            )
        if not route.https_redirect:
            yield Violation.on(
                arch,
                front_door,
                "routes",
                position,
                "https_redirect",
                message=f"{front_door.label()} route '{route.name}' serves plain HTTP to "
                "clients instead of redirecting them to HTTPS",
            )
