"""Secrets are judged by the value's shape; a name alone makes nothing a secret."""

from __future__ import annotations

import pytest

from archlint.analysis.secrets import looks_like_secret

STORAGE_KEY = "A" * 86 + "=="


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_PASSWORD", "SecurePassword123!"),
        ("api-token", "ghp_0123456789abcdefghij"),
        ("STORAGE", f"DefaultEndpointsProtocol=https;AccountName=st;AccountKey={STORAGE_KEY}"),
        (
            "BUS",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=k1",
        ),
        ("EXPORT", "https://st.blob.core.windows.net/c?sv=2022-11-02&sig=AbCd%3D"),
        ("REDIS", "redis://cache:p4ssw0rd@cache.redis.cache.windows.net:6380"),
        ("ANYTHING", STORAGE_KEY),
        # upper case, but not a name's shape: digits and symbols of a password
        ("ADMIN_PASSWORD", "P@SSW0RD-2024!"),
        ("API_KEY", "ABCDEF0123456789"),
    ],
)
def test_secrets(name: str, value: str) -> None:
    assert looks_like_secret(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_TOKENS", "4096"),
        ("KEY_ROTATION_ENABLED", "true"),
        ("AZURE_CLIENT_ID_KEY", "0d5c6a5e-2f3b-4a55-9a8e-3c1f0b6e7d21"),
        ("SECRET_URI", "https://kv.vault.azure.net/secrets/db"),
        ("DB_PASSWORD", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)"),
        ("TOKEN_AUDIENCE", "api://orders"),
        ("PARTITION_KEY", "id"),
        ("SQL", "Server=tcp:sql.database.windows.net;Authentication=Active Directory Default"),
        ("WEBSITE_RUN_FROM_PACKAGE", "1"),
        # the name of the Key Vault secret the app reads, not the secret
        ("AZURE_COSMOS_CONNECTION_STRING_KEY", "AZURE-COSMOS-CONNECTION-STRING"),
        ("DB_PASSWORD_SETTING", "SQL_ADMIN_PASSWORD"),
    ],
)
def test_not_secrets(name: str, value: str) -> None:
    assert not looks_like_secret(name, value)
