#!/usr/bin/env python3
"""Extract the azurerm resource schema from the prebuilt CDKTF bindings into a compact data file.

Why this exists: archlint must check Terraform argument and block names against the azurerm
version a configuration pins without running ``terraform providers schema`` (which needs the
provider binary and network access).  The prebuilt CDK bindings on PyPI ship a jsii assembly
(``_jsii/*.jsii.tgz`` -> ``package/.jsii``) that describes every resource's config struct, so we
can recover the schema from it with the standard library alone.  Two families carry azurerm:
``cdktf-cdktf-provider-azurerm`` (CDKTF, up to 14.24.0 = azurerm 4.59.0) and its successor
``cdktn-provider-azurerm`` (CDK Terrain, from 14.24.0).  Which package version carries which azurerm
version (the package README's first line says it, as does every docs link in the assembly):

* cdktf-cdktf-provider-azurerm 12.27.0 (the last 12.x): azurerm 3.116.0, the last 3.x any
  package carries (13.0.0 is 4.0.1);
* cdktf-cdktf-provider-azurerm 14.23.1: azurerm 4.55.0; 14.24.0: 4.59.0;
* cdktn-provider-azurerm 15.0.0: 4.60.0; 16.0.0: 4.71.0; 16.9.0 and 17.0.0: 4.81.0, the last 4.x;
* cdktn-provider-azurerm 18.0.0: 5.0.1; 18.9.0: 5.10.0.

``SHIPPED`` below names the package each bundled ``azurerm-<major>.json.gz`` comes from.

How the assembly maps onto Terraform:

* each resource is a class whose ``base`` is ``cdktf.TerraformResource``; its docs summary is
  ``Represents a {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.81.0/...
  azurerm_x}``, which gives the Terraform type name and the exact azurerm version;
* the class initializer's ``config`` parameter names the ``...Config`` interface; every property
  there (and in the nested struct interfaces) carries a ``{@link ...#tf_name Resource#tf_name}``
  docs link, from which the Terraform argument name comes (the camelCase jsii name is not reliable
  because cdktf renames clashing names);
* ``optional: true`` marks optional properties; the cdktf meta-arguments (count, for_each, ...)
  are inherited from ``cdktf.TerraformMetaArguments`` (``cdktn.`` in CDK Terrain) and never
  listed, but are filtered anyway;
* a property whose type is a struct interface of this assembly is a nested block: a bare ``fqn``
  means max one item (MaxItems 1 or nesting mode single), ``IResolvable | Struct[]`` means a
  list/set with no known upper bound.  Real blocks have the docs summary ``"<name> block."``;
  complex-typed properties without it are SDKv2 ``ConfigModeAttr`` attributes (list of objects
  that HCL also accepts in block syntax, e.g. ``azurerm_virtual_network.subnet``), marked with
  ``"attr": 1`` because their nested fields carry no required flags.

Output (gzip, mtime 0, sorted keys, no whitespace, so reruns are byte-identical)::

    {"provider": "azurerm", "version": "4.81.0",
     "package": "cdktn-provider-azurerm==17.0.0",
     "resources": {"azurerm_x": {"args": {"name": 1, "tags": 0},
                                 "blocks": {"timeouts": {"min": 0, "max": 1, "args": {...}}}}}}

``args`` maps an argument to 1 (required) or 0 (optional); ``blocks`` (omitted when empty) maps a
block to ``min`` (0/1), ``max`` (1 or 0 = unlimited), its own ``args``/``blocks`` and ``attr``.

Usage (the output file is ``src/archlint/data/azurerm-<major>.json.gz`` unless ``--output``)::

    python scripts/extract_azurerm_schema.py                    # every SHIPPED major (pip download)
    python scripts/extract_azurerm_schema.py --major 3          # one of them
    python scripts/extract_azurerm_schema.py --wheel path/to/cdktn_provider_azurerm-17.0.0-*.whl
    python scripts/extract_azurerm_schema.py --installed cdktn-provider-azurerm
"""

from __future__ import annotations

import argparse
import email.parser
import gzip
import importlib.metadata
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by a test
from datafile import write

#: azurerm major version -> the package its bundled schema is extracted from.
SHIPPED: dict[int, str] = {
    3: "cdktf-cdktf-provider-azurerm==12.27.0",  # azurerm 3.116.0
    4: "cdktn-provider-azurerm==17.0.0",  # azurerm 4.81.0
}
DISTRIBUTIONS = ("cdktf-cdktf-provider-azurerm", "cdktn-provider-azurerm")
DATA_DIR = Path(__file__).resolve().parents[1] / "src" / "archlint" / "data"

#: The CDK libraries whose TerraformResource the provider classes extend.
RESOURCE_BASES = frozenset({"cdktf.TerraformResource", "cdktn.TerraformResource"})
META_ARGUMENTS = frozenset(
    {
        "count",
        "for_each",
        "provider",
        "lifecycle",
        "depends_on",
        "connection",
        "provisioner",
        "provisioners",
    }
)

_LINK = re.compile(r"\{@link\s+(\S+)\s+([^}]*)\}")
_REGISTRY_URL = re.compile(
    r"^https://registry\.terraform\.io/providers/hashicorp/azurerm/(?P<version>[^/]+)/docs/"
)
_TF_NAME = re.compile(r"^[a-z0-9_]+$")

Json = dict[str, Any]


class AssemblyFormatError(RuntimeError):
    """The assembly does not look the way this extractor expects; fail loudly, never guess."""


def _read_wheel(wheel: Path) -> tuple[bytes, str]:
    """Return the jsii tarball bytes and the ``name==version`` requirement of a wheel file."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        tgzs = [n for n in names if "/_jsii/" in n and n.endswith(".jsii.tgz")]
        metas = [n for n in names if n.endswith(".dist-info/METADATA")]
        if len(tgzs) != 1 or len(metas) != 1:
            raise AssemblyFormatError(f"{wheel}: expected one _jsii/*.jsii.tgz and one METADATA")
        meta = email.parser.HeaderParser().parsestr(zf.read(metas[0]).decode("utf-8"))
        requirement = f"{meta['Name'].lower().replace('_', '-')}=={meta['Version']}"
        return zf.read(tgzs[0]), requirement


def _read_installed(distribution: str) -> tuple[bytes, str]:
    """Same as :func:`_read_wheel`, for a package installed in this environment.

    This lets CI check reproducibility after ``pip install cdktn-provider-azurerm==...``
    without importing the package (which would start the jsii Node runtime).
    """
    dist = importlib.metadata.distribution(distribution)
    tgzs = [f for f in dist.files or [] if "_jsii" in f.parts and f.name.endswith(".jsii.tgz")]
    if len(tgzs) != 1:
        raise AssemblyFormatError(f"installed {distribution}: expected one _jsii/*.jsii.tgz")
    requirement = f"{dist.metadata['Name'].lower().replace('_', '-')}=={dist.version}"
    return Path(str(dist.locate_file(tgzs[0]))).read_bytes(), requirement


def _read_assembly(tgz_bytes: bytes) -> Json:
    """Parse ``package/.jsii`` from the jsii tarball, following a compressed-file redirect."""
    with tarfile.open(fileobj=io.BytesIO(tgz_bytes), mode="r:gz") as tf:

        def member(name: str) -> bytes:
            f = tf.extractfile(f"package/{name}")
            if f is None:
                raise AssemblyFormatError(f"package/{name} is not a regular file")
            return f.read()

        assembly: Json = json.loads(member(".jsii"))
        # Newer jsii may store the assembly compressed behind a redirect stub.
        if assembly.get("schema") == "jsii/file-redirect":
            data = member(assembly["filename"])
            if assembly.get("compression") == "gzip":
                data = gzip.decompress(data)
            assembly = json.loads(data)
    return assembly


def _docs_link(docs: Json) -> tuple[str, str] | None:
    """The (url, text) of the registry link, found in the summary or (for blocks) the remarks."""
    for key in ("summary", "remarks"):
        match = _LINK.search(docs.get(key, ""))
        if match and _REGISTRY_URL.match(match.group(1)):
            return match.group(1), match.group(2)
    return None


class _Extractor:
    """Walks resource config structs, collecting the schema and the azurerm version seen."""

    def __init__(self, assembly: Json) -> None:
        self.types: dict[str, Json] = assembly["types"]
        self.prefix = f"{assembly['name']}."  # @cdktf/provider-azurerm. or @cdktn/...
        self.versions: set[str] = set()

    def _version_of(self, url: str) -> None:
        match = _REGISTRY_URL.match(url)
        if match is None:  # pragma: no cover - _docs_link already filtered
            raise AssemblyFormatError(f"unexpected docs URL {url}")
        self.versions.add(match.group("version"))

    def _struct_fqn(self, type_ref: Json) -> tuple[str, bool] | None:
        """If the type is (a list of) a struct of this assembly, return (fqn, is_list)."""
        fqn = type_ref.get("fqn", "")
        if fqn.startswith(self.prefix):
            return fqn, False
        for member in type_ref.get("union", {}).get("types", []):
            coll = member.get("collection")
            if coll and coll["kind"] == "array":
                inner = coll["elementtype"].get("fqn", "")
                if inner.startswith(self.prefix):
                    return inner, True
        if self.prefix in json.dumps(type_ref):
            raise AssemblyFormatError(f"unrecognised struct type shape: {type_ref}")
        return None

    def struct(self, fqn: str, stack: tuple[str, ...] = (), top: bool = False) -> Json:
        """Schema of one struct interface: ``{"args": {...}, "blocks": {...}}``."""
        if fqn in stack:
            raise AssemblyFormatError(f"recursive struct {fqn}")
        iface = self.types[fqn]
        if iface.get("kind") != "interface":
            raise AssemblyFormatError(f"{fqn} is not an interface")
        args: dict[str, int] = {}
        blocks: dict[str, Json] = {}
        for prop in iface.get("properties", []):
            link = _docs_link(prop.get("docs", {}))
            if link is None:
                raise AssemblyFormatError(f"{fqn}.{prop['name']} has no registry docs link")
            url, _text = link
            self._version_of(url)
            name = url.rsplit("#", 1)[1]
            if not _TF_NAME.match(name):
                raise AssemblyFormatError(f"{fqn}.{prop['name']}: odd Terraform name {name!r}")
            if top and name in META_ARGUMENTS:
                continue
            required = not prop.get("optional", False)
            nested = self._struct_fqn(prop["type"])
            if nested is None:
                args[name] = int(required)
                continue
            inner_fqn, is_list = nested
            block = self.struct(inner_fqn, (*stack, fqn))
            block["min"] = int(required)
            block["max"] = 0 if is_list else 1
            if not prop.get("docs", {}).get("summary", "").endswith(" block."):
                block["attr"] = 1
            blocks[name] = block
        out: Json = {"args": args}
        if blocks:
            out["blocks"] = blocks
        return out

    def resources(self) -> dict[str, Json]:
        result: dict[str, Json] = {}
        for fqn, cls in self.types.items():
            if cls.get("kind") != "class" or cls.get("base") not in RESOURCE_BASES:
                continue
            link = _docs_link(cls.get("docs", {}))
            if link is None:
                raise AssemblyFormatError(f"resource class {fqn} has no registry docs link")
            url, tf_type = link
            self._version_of(url)
            tf_type = tf_type.strip()
            if not tf_type.startswith("azurerm_") or not _TF_NAME.match(tf_type):
                raise AssemblyFormatError(f"{fqn}: odd resource type {tf_type!r}")
            params = {p["name"]: p for p in cls["initializer"]["parameters"]}
            config_fqn = params["config"]["type"]["fqn"]
            if tf_type in result:
                raise AssemblyFormatError(f"duplicate resource type {tf_type}")
            result[tf_type] = self.struct(config_fqn, top=True)
        if not result:
            raise AssemblyFormatError("no resources found")
        return result


def extract(wheel: Path | None = None, installed: str | None = None) -> Json:
    """Build the schema document (a JSON-able dict) from a wheel, or an installed package."""
    if wheel is not None:
        tgz_bytes, requirement = _read_wheel(wheel)
    elif installed is not None:
        tgz_bytes, requirement = _read_installed(installed)
    else:
        raise ValueError("extract() needs a wheel or an installed distribution name")
    assembly = _read_assembly(tgz_bytes)
    extractor = _Extractor(assembly)
    resources = extractor.resources()
    if len(extractor.versions) != 1:
        raise AssemblyFormatError(f"expected one azurerm version, saw {sorted(extractor.versions)}")
    return {
        "provider": "azurerm",
        "version": extractor.versions.pop(),
        "package": requirement,
        "resources": resources,
    }


def _download(requirement: str, dest: Path) -> Path:
    """Fetch one wheel with pip (no dependencies) and return its path."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            requirement,
            "-d",
            str(dest),
        ],
        check=True,
    )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise FileNotFoundError(f"pip download left {len(wheels)} wheels in {dest}")
    return wheels[0]


def _write(document: Json, output: Path | None) -> Path:
    major = int(str(document["version"]).split(".")[0])
    target = output or DATA_DIR / f"azurerm-{major}.json.gz"
    data = write(target, document)
    print(
        f"wrote {target}: {len(document['resources'])} resources, azurerm "
        f"{document['version']} from {document['package']}, {len(data)} bytes",
        file=sys.stderr,
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--wheel", type=Path, help="path to a provider-azurerm wheel")
    source.add_argument(
        "--installed",
        choices=DISTRIBUTIONS,
        help="read this distribution as installed in this Python environment",
    )
    source.add_argument(
        "--major",
        type=int,
        choices=sorted(SHIPPED),
        help="pip download the package SHIPPED names for this azurerm major (default: all)",
    )
    parser.add_argument(
        "--output", "-o", type=Path, help="default: src/archlint/data/azurerm-<major>.json.gz"
    )
    args = parser.parse_args(argv)

    if args.wheel is not None or args.installed:
        _write(extract(args.wheel, args.installed), args.output)
        return 0
    majors = [args.major] if args.major is not None else sorted(SHIPPED)
    if args.output is not None and len(majors) != 1:
        parser.error("--output needs a single source (--wheel, --installed or --major)")
    for major in majors:
        with tempfile.TemporaryDirectory() as tmp:
            document = extract(_download(SHIPPED[major], Path(tmp)))
        if int(str(document["version"]).split(".")[0]) != major:
            raise AssemblyFormatError(f"{SHIPPED[major]} carries azurerm {document['version']}")
        _write(document, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
