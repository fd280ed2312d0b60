"""The catalog of vision AI (viapi) APIs that flows call as `action: <product>:<Api>` task steps.

It answers what the definition check and the service fakes need to know: which products and APIs exist,
each API's required and optional parameters, whether it is retired or async, an example success response,
and each product's error codes. The data is ``data/viapi.yaml`` (built by ``tools/build_viapi_catalog.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from .source import YamlLoader   # libyaml's loader when PyYAML has it

_DATA_PACKAGE = "fakecloud.fdl"
_DATA_FILE = "data/viapi.yaml"


@dataclass(frozen=True, slots=True)
class ApiSpec:
    """One API: its parameters by wire name (e.g. ``ImageURL``) and an example success response."""
    product: str
    name: str
    version: str                                   # the product's API version, e.g. "2019-12-30"
    required: tuple[str, ...]                      # what a flow definition must supply (end-2021 rule)
    optional: tuple[str, ...]
    types: Mapping[str, str] = field(hash=False)   # param -> string|integer|number|boolean|array|object
    retired: bool = False
    is_async: bool = False                         # answered later through GetAsyncJobResult
    example: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)   # read-only
    notes: str = ""

    @property
    def action(self) -> str:
        return f"{self.product}:{self.name}"

    @property
    def params(self) -> tuple[str, ...]:
        """Every known parameter, required first."""
        return self.required + self.optional

    @property
    def response(self) -> dict[str, Any]:
        """The example success response: a private, mutable copy of `example`."""
        return _thawed(self.example)

    def example_response(self) -> dict[str, Any]:
        """A private, mutable copy of the example success response."""
        return _thawed(self.example)


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """One viapi product (``facebody``, ``ocr``, ...): its API version, API names and error codes."""
    name: str
    version: str
    apis: tuple[str, ...]
    errors: tuple[str, ...]    # service codes without the "<product>." prefix FnF puts in front


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Catalog:
    """Read-only lookups over the products and APIs (the catalog is shared by every world in the process, so
    nothing in it can be changed); unknown names give None or an empty tuple."""
    _products: Mapping[str, ProductSpec]
    _apis: Mapping[tuple[str, str], ApiSpec]
    products: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_products", MappingProxyType(dict(self._products)))
        object.__setattr__(self, "_apis", MappingProxyType(dict(self._apis)))
        object.__setattr__(self, "products", tuple(self._products))

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Catalog:
        """Build a catalog from the parsed layout of ``data/viapi.yaml``."""
        products: dict[str, ProductSpec] = {}
        apis: dict[tuple[str, str], ApiSpec] = {}
        for pname, pdata in data["products"].items():
            version = str(pdata["version"])
            for aname, a in pdata["apis"].items():
                apis[(pname, aname)] = ApiSpec(
                    product=pname,
                    name=aname,
                    version=version,
                    required=tuple(a.get("required") or ()),
                    optional=tuple(a.get("optional") or ()),
                    types=MappingProxyType(a.get("types") or {}),
                    retired=a.get("status", "current") == "retired",
                    is_async=bool(a.get("async", False)),
                    example=_frozen(a.get("response") or {}),
                    notes=a.get("notes") or "",
                )
            products[pname] = ProductSpec(pname, version, tuple(pdata["apis"]), tuple(pdata.get("errors") or ()))
        return cls(products, apis)

    def product(self, name: str) -> ProductSpec | None:
        return self._products.get(name)

    def api(self, product: str, api: str) -> ApiSpec | None:
        return self._apis.get((product, api))

    def apis(self, product: str) -> tuple[str, ...]:
        spec = self._products.get(product)
        return spec.apis if spec else ()

    def errors(self, product: str) -> tuple[str, ...]:
        spec = self._products.get(product)
        return spec.errors if spec else ()

    def __iter__(self):
        """Every ApiSpec, product by product."""
        return iter(self._apis.values())

    def __len__(self) -> int:
        return len(self._apis)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self._products)} products, {len(self._apis)} APIs>"


def _frozen(value: Any) -> Any:
    """JSON data made read-only all the way down (objects as mappingproxy, arrays as tuples)."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    """A private, mutable copy of data `_frozen` made (objects as dicts, arrays as lists)."""
    if isinstance(value, Mapping):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


@cache
def load_catalog() -> Catalog:
    """The packaged catalog, read once per process."""
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_bytes()
    return Catalog.from_data(yaml.load(text, Loader=YamlLoader))
