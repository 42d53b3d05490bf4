"""Does a literal setting hold a credential? Judged by the value's shape, not a name alone.

A setting's name only says what its author meant (``MAX_TOKENS = "4096"`` holds no token);
the value says what it is. A value is a credential when

- it carries a credential inside a connection string or URL: ``AccountKey=``,
  ``SharedAccessKey=``, ``Password=``/``Pwd=``, a SAS signature ``sig=``, or
  ``user:password@`` in a URL;
- or it is an Azure access key by shape (the 88-character base64 key of storage accounts,
  the 44-character keys of Service Bus, Event Hubs, Event Grid and Cosmos DB);
- or the name asks for a secret (password, secret, key, token, SAS, connection string) and
  the value could be one: at least 8 characters, no spaces, not a number, a boolean, a
  Key Vault or app setting reference, a URL without credentials, or a well-known
  non-secret identifier (a GUID: client, tenant and instrumentation ids are public; an
  upper-case name such as ``AZURE-COSMOS-CONNECTION-STRING``, which names a Key Vault
  secret or another setting rather than holding one).
"""

from __future__ import annotations

import re

_NAME_WORDS = ("password", "passwd", "secret", "key", "token", "connectionstring", "sas")

_IN_CONNECTION_STRING = re.compile(
    r"(?:^|;)\s*(?:accountkey|sharedaccesskey|password|pwd)\s*=\s*[^;\s]", re.IGNORECASE
)
_SAS_SIGNATURE = re.compile(r"[?&]sig=[^&\s]+", re.IGNORECASE)
_URL_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s:]+:[^/@\s]+@", re.IGNORECASE)
_ACCESS_KEY = re.compile(r"^(?:[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=)$")
_REFERENCE = re.compile(r"^@Microsoft\.KeyVault\(|^\$\{|^%[^%]+%$", re.IGNORECASE)
_GUID = re.compile(r"^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# SCREAMING_SNAKE or SCREAMING-KEBAB: the shape of a setting's or a Key Vault secret's name.
_UPPER_CASE_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)+$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_NOT_SECRETS = frozenset({"true", "false", "yes", "no", "none", "null", "enabled", "disabled"})


def carries_credential(value: str) -> bool:
    """The value holds a credential whatever it is called."""
    text = value.strip()
    return bool(
        _IN_CONNECTION_STRING.search(text)
        or _SAS_SIGNATURE.search(text)
        or _URL_CREDENTIALS.match(text)
        or _ACCESS_KEY.match(text)
    )


def name_asks_for_secret(name: str) -> bool:
    lowered = name.lower().replace("_", "").replace("-", "").replace(".", "")
    return any(word in lowered for word in _NAME_WORDS)


def could_be_secret(value: str) -> bool:
    """A value that a secret could be (used only when the name asks for one)."""
    text = value.strip()
    return not (
        len(text) < 8
        or " " in text
        or text.lower() in _NOT_SECRETS
        or _NUMBER.match(text)
        or _REFERENCE.match(text)
        or _GUID.match(text)
        or _UPPER_CASE_NAME.match(text)
        or (_URL.match(text) and not carries_credential(text))
    )


def looks_like_secret(name: str, value: str) -> bool:
    """A literal setting ``name = value`` that holds a credential."""
    return carries_credential(value) or (name_asks_for_secret(name) and could_be_secret(value))
