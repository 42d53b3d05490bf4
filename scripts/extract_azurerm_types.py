"""Write ``src/archlint/azure/azurerm_types.json``: every azurerm resource type of the shipped
provider schemas (3.x and 4.x), the list a spec's generic resources are checked against.

Run after a schema under ``src/archlint/data`` changes: ``python scripts/extract_azurerm_types.py``
(a test fails while the list is stale). Reading the list costs a few milliseconds, where
decompressing both schemas would cost about 0.3 s of a lint.
"""

from __future__ import annotations

import json
from pathlib import Path

from archlint.importers.provider_schema import SHIPPED, load_schema

TARGET = Path(__file__).resolve().parents[1] / "src" / "archlint" / "azure" / "azurerm_types.json"


def document() -> dict[str, object]:
    types = sorted({t for major in SHIPPED for t in load_schema(major).resource_types})
    return {
        "source": "archlint/data/azurerm-<major>.json.gz (scripts/extract_azurerm_types.py)",
        "versions": {str(major): version for major, version in sorted(SHIPPED.items())},
        "types": types,
    }


def main() -> None:
    TARGET.write_text(json.dumps(document(), indent=1) + "\n", "utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
