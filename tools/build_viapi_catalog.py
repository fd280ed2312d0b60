"""Build fakecloud/fdl/data/viapi.yaml, the catalog of vision AI (viapi) APIs, from the official SDK models.

Maintenance tool, not used at run time or by the tests. It needs access to the Python package index only:

    python tools/build_viapi_catalog.py [--cache DIR] [--output PATH]

For every product it downloads pinned versions of the Tea SDK package ``alibabacloud-<product><version>``
(``pip download --no-deps``), reads ``models.py`` (or ``models/_*.py``) straight out of the wheel or sdist
without installing or importing it, and parses it with ``ast``:

* ``<Api>Request``: ``__init__`` gives the fields and their types (annotations, or ``# type:`` comments in
  the 1.x generation), ``to_map()`` gives the wire names (``result['ImageURL'] = self.image_url``);
  requiredness comes from ``validate_required(self.x, 'x')`` calls in ``validate()`` (1.x generation) or
  from the ``# This parameter is required.`` comment above ``self.x = x`` (newest generation).
* ``<Api>ResponseBody`` (1.x: ``<Api>Response``), expanded recursively, gives the response shape, which
  is filled with placeholder values chosen by field name.

Each API is taken from the newest pinned SDK version that still has it; APIs missing from the newest
version are marked retired. The ``*AdvanceRequest`` (local file upload) and ``*ShrinkRequest``
(serialised list parameters) variants are SDK-side conveniences and are not read: a flow step's
``serviceParams`` are the plain request's parameters.

The ``required`` list is the requiredness as of the end of 2021, which a flow definition check enforces.
The SDKs only give the 2020 list (1.x generation) and today's list (newest generation); the few APIs where
the end-2021 list differs from the SDK that is read are fixed in ``REQUIRED_END_2021`` below, and their
entries carry a note. Error codes, retirement outside the SDKs, async behaviour and notes are not in any
SDK; they are kept by hand in the tables below.
"""
from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "fakecloud" / "fdl" / "data" / "viapi.yaml"

# product -> (API version, SDK package, SDK versions to read newest first, 1.x version for 2020 requiredness)
PRODUCTS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "facebody": ("2019-12-30", "alibabacloud-facebody20191230", ("6.0.0", "5.1.2", "3.0.0"), "1.0.11"),
    "ocr": ("2019-12-30", "alibabacloud-ocr20191230", ("4.0.2", "3.0.0", "2.0.16"), "1.0.10"),
    "goodstech": ("2019-12-30", "alibabacloud-goodstech20191230", ("2.0.2", "2.0.1"), "1.0.1"),
    "imagerecog": ("2019-09-30", "alibabacloud-imagerecog20190930", ("2.0.10",), "1.0.4"),
    "imageseg": ("2019-12-30", "alibabacloud-imageseg20191230", ("4.0.1", "2.0.4"), "1.0.15"),
    "imageenhan": ("2019-09-30", "alibabacloud-imageenhan20190930", ("3.0.0",), "1.0.5"),
    "objectdet": ("2019-12-30", "alibabacloud-objectdet20191230", ("4.0.0", "3.0.9"), "1.0.1"),
}

# The APIs a flow may call through `action: <product>:<Api>`. The SDKs hold many more; only these are in scope.
SCOPE: dict[str, tuple[str, ...]] = {
    "facebody": (
        "DetectFace", "RecognizeExpression", "RecognizeFace", "CompareFace", "DetectMask", "DetectBodyCount",
        "CreateFaceDb", "ListFaceDbs", "AddFaceEntity", "GetFaceEntity", "ListFaceEntities", "UpdateFaceEntity",
        "AddFace", "SearchFace", "DeleteFace", "DeleteFaceEntity", "DeleteFaceDb", "BodyPosture", "HandPosture",
        "DetectPedestrian", "EnhanceFace", "FaceBeauty", "FaceMakeup", "FaceTidyup", "FaceFilter",
    ),
    "ocr": (
        "RecognizeIdentityCard", "RecognizeBankCard", "RecognizeBusinessCard", "RecognizeAccountPage",
        "RecognizeDrivingLicense", "RecognizeDriverLicense", "RecognizeLicensePlate", "RecognizeVINCode",
        "RecognizeTaxiInvoice", "RecognizeTrainTicket", "RecognizeBusinessLicense", "RecognizeStamp",
        "RecognizeVATInvoice", "RecognizeCharacter", "GetAsyncJobResult", "TrimDocument",
        "RecognizeChinapassport", "RecognizeTakeoutOrder", "RecognizePassportMRZ",
    ),
    "goodstech": ("ClassifyCommodity", "RecognizeFurnitureAttribute", "RecognizeFurnitureSpu"),
    "imagerecog": (
        "RecognizeImageColor", "TaggingImage", "RecognizeScene", "DetectImageElements", "RecognizeImageStyle",
        "ClassifyingRubbish", "RecognizeVehicleType",
    ),
    "imageseg": (
        "SegmentHead", "SegmentFace", "SegmentHair", "ParseFace", "SegmentVehicle", "SegmentCommodity",
        "SegmentBody", "SegmentCommonImage", "SegmentFurniture", "RefineMask",
    ),
    "imageenhan": (
        "ChangeImageSize", "IntelligentComposition", "ExtendImageStyle", "MakeSuperResolutionImage",
        "RecolorImage", "RemoveImageSubtitles", "RemoveImageWatermark", "ImageBlindCharacterWatermark",
        "ImageBlindPicWatermark",
    ),
    "objectdet": (
        "ClassifyVehicleInsurance", "RecognizeVehicleParts", "DetectVehicle", "DetectMainBody",
        "RecognizeVehicleDashboard", "RecognizeVehicleDamage", "DetectTransparentImage", "DetectObject",
        "DetectWhiteBaseImage",
    ),
}

# Still in the newest SDK, but withdrawn from the service's published API list.
RETIRED_OUTSIDE_SDK = {("imagerecog", "RecognizeVehicleType")}

# APIs answered through GetAsyncJobResult (the job id is the call's RequestId).
ASYNC = {("ocr", "TrimDocument")}

# Requiredness at the end of 2021 where it differs from what the SDK that is read says.
REQUIRED_END_2021: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("ocr", "RecognizeIdentityCard"): (("ImageURL", "Side"), "Side (face|back) was required until the end of"
                                       " 2021; today's SDK requires only ImageURL."),
    ("ocr", "RecognizeDrivingLicense"): (("ImageURL", "Side"), "Side (face|back) was required until the end"
                                         " of 2021; today's SDK requires only ImageURL."),
    ("ocr", "RecognizeDriverLicense"): (("ImageURL", "Side"), "Side (face|back) was required until the end of"
                                        " 2021; today's SDK requires only ImageURL."),
}

# APIs whose 2020 required list (1.x SDK) had already been relaxed to today's list by the end of 2021.
# Any other difference between the 1.x SDK and the SDK that is read stops the build until it is classified.
RELAXED_BY_END_2021 = {
    ("facebody", "CompareFace"), ("facebody", "SearchFace"),
    ("imageenhan", "ImageBlindCharacterWatermark"), ("imageenhan", "ImageBlindPicWatermark"),
}

# Facts that no SDK carries: conditional requirements, value ranges, parameter history.
NOTES: dict[tuple[str, str], str] = {
    ("facebody", "CompareFace"): "Each side needs ImageURLA or ImageDataA (resp. ImageURLB or ImageDataB); the"
                                 " URL wins when both are given.",
    ("facebody", "SearchFace"): "DbName or DbNames (comma-separated, at most 10) is expected; DbNames wins."
                                " Limit is 1-100.",
    ("facebody", "ListFaceDbs"): "Limit and Offset were added in 2022; the API took no parameters in 2021.",
    ("facebody", "ListFaceEntities"): "Limit 1-200, Offset 0-2000, Order asc|desc; Token pages past 2000.",
    ("facebody", "AddFace"): "The parameter is ImageUrl, not ImageURL.",
    ("facebody", "DeleteFace"): "FaceId is the Data.FaceId returned by AddFace.",
    ("facebody", "DetectMask"): "Later SDKs cover masks through RecognizeFace (Mask=true) and VerifyFaceMask.",
    ("ocr", "RecognizeVATInvoice"): "FileType is documented today as fixed to jpg.",
    ("ocr", "GetAsyncJobResult"): "JobId is the RequestId of the async call. Data.Status is QUEUING, PROCESSING,"
                                  " PROCESS_SUCCESS, PROCESS_FAILED, TIMEOUT_FAILED or LIMIT_RETRY_FAILED;"
                                  " Data.Result is a JSON string; ErrorCode/ErrorMessage are set on failure.",
    ("ocr", "TrimDocument"): "Async: poll ocr:GetAsyncJobResult with JobId = the returned RequestId.",
    ("imagerecog", "RecognizeVehicleType"): "Still in the newest SDK but withdrawn from the service since 2023.",
    ("imageseg", "SegmentHead"): "ReturnForm: mask|crop|whiteBK.",
    ("imageseg", "SegmentCommodity"): "ReturnForm: mask|crop|whiteBK.",
    ("imageseg", "SegmentCommonImage"): "ReturnForm: mask|crop|whiteBK.",
    ("imageseg", "SegmentBody"): "ReturnForm: mask|crop|whiteBK (default: 4-channel PNG). The 2020 API also"
                                 " had an optional Async flag, since removed.",
    ("imageenhan", "MakeSuperResolutionImage"): "OutputFormat and OutputQuality were added in 2022.",
    ("imageenhan", "RecolorImage"): "Mode AUTO (default)|TEMPLATE|REF_PIC: TEMPLATE needs ColorTemplate (list of"
                                    " {Color: hex}), REF_PIC needs RefUrl. ColorCount 1-8.",
    ("imageenhan", "ImageBlindCharacterWatermark"): "FunctionType encode_text[_plus|_bold] needs OriginImageURL"
                                                    " and Text; decode_text[_plus|_bold] needs WatermarkImageURL.",
    ("imageenhan", "ImageBlindPicWatermark"): "FunctionType encode_pic[_plus|_bold] needs OriginImageURL and"
                                              " LogoURL; decode_pic[_plus|_bold] needs WatermarkImageURL.",
}

# Service error codes (without the "<product>." prefix FnF adds). Not in any SDK. Three groups, in this
# order in the catalog: the codes at the top of every viapi error-code page, the product's own codes from
# its page, and codes seen only in client code and support threads (lower confidence).
PLATFORM_ERRORS = (
    "AuthFailed", "ClientError.IllegalArgument", "EntityNotExist.Role", "IllegalUrlParameter", "InternalError",
    "InternalError.Algo", "InternalError.Timeout", "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeySecret", "InvalidAction.NotFound", "InvalidApi.ForbiddenInvoke", "InvalidApi.NotPurchase",
    "InvalidApi.OutOfService", "InvalidFile.Content", "InvalidFile.Decode",
)
PRODUCT_ERRORS: dict[str, tuple[str, ...]] = {
    "facebody": ("ParameterError", "InvalidDB.Status"),
    "ocr": (),
    "goodstech": ("InternalError.Busy", "InternalError.Device"),
    "imagerecog": (),
    "imageseg": ("InternalError.Env", "InternalError.Model"),
    "imageenhan": (),
    "objectdet": ("Data.Exist", "InternalError.Convert", "InternalError.Decode", "InternalError.Env",
                  "InternalError.Mapping", "InternalError.Model", "InternalError.Process", "InternalError.Transfer"),
}
# Platform codes missing from a product's own page.
PLATFORM_ERRORS_ABSENT: dict[str, tuple[str, ...]] = {"goodstech": ("ClientError.IllegalArgument",)}
OBSERVED_ERRORS = (
    "InvalidParameter", "Throttling", "InvalidFile.Download", "InvalidImage.Download", "InvalidImage.Format",
    "InvalidImage.Region", "InvalidImage.Resolution", "InvalidImage.Timeout", "InvalidImage.URL",
)
OBSERVED_PRODUCT_ERRORS: dict[str, tuple[str, ...]] = {"facebody": ("InvalidImage.NotFoundFace",)}

REQUIRED_MARK = "This parameter is required"
SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


# --- fetching -------------------------------------------------------------------------------------------

def fetch(package: str, version: str, cache: Path) -> Path:
    """Download one SDK distribution into ``cache`` (once) and return its path."""
    stem = package.replace("-", "_") + "-" + version
    found = [p for p in cache.glob(stem + "*") if p.name.endswith((".whl", ".tar.gz", ".zip"))]
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(cache),
                        f"{package}=={version}"], check=True)
        found = [p for p in cache.glob(stem + "*") if p.name.endswith((".whl", ".tar.gz", ".zip"))]
    if not found:
        raise SystemExit(f"no distribution of {package}=={version} in {cache}")
    return sorted(found)[-1]


def models_source(dist: Path) -> str:
    """The text of the package's models module(s), read from the archive without unpacking it to disk."""
    if dist.name.endswith(".tar.gz"):
        with tarfile.open(dist) as tar:
            files = {m.name: m for m in tar.getmembers() if m.isfile()}
            names = _model_files(files)
            return "\n".join(tar.extractfile(files[n]).read().decode("utf-8") for n in names)
    with zipfile.ZipFile(dist) as zf:
        names = _model_files(zf.namelist())
        return "\n".join(zf.read(n).decode("utf-8") for n in names)


def _model_files(names) -> list[str]:
    single = [n for n in names if n.endswith("/models.py") and "/tests/" not in n]
    split = sorted(n for n in names if re.search(r"/models/_[^/]+\.py$", n))
    picked = single or split
    if not picked:
        raise SystemExit("no models.py in distribution")
    return picked


# --- parsing --------------------------------------------------------------------------------------------

class Field:
    __slots__ = ("attr", "wire", "type", "required")

    def __init__(self, attr: str, type_: str | None):
        self.attr, self.type, self.required = attr, type_, False
        self.wire: str | None = None     # the name on the wire, from to_map()


def parse_models(source: str) -> dict[str, dict[str, Field]]:
    """Class name -> its fields (in declaration order), for every model class in ``source``."""
    lines = source.splitlines()
    classes: dict[str, dict[str, Field]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
        init = methods.get("__init__")
        if init is None:
            continue
        annotations = {a.arg: ast.unparse(a.annotation) for a in init.args.args[1:] if a.annotation}
        fields: dict[str, Field] = {}
        # A field's comments sit between the previous statement (or the signature) and its assignment.
        previous_end = max([init.lineno] + [n.end_lineno for n in ast.walk(init.args) if hasattr(n, "end_lineno")])
        for stmt in init.body:
            if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Attribute)
                    and isinstance(stmt.targets[0].value, ast.Name) and stmt.targets[0].value.id == "self"):
                attr = stmt.targets[0].attr
                type_ = annotations.get(attr)
                if type_ is None:
                    comment = re.search(r"#\s*type:\s*(.+?)\s*$", lines[stmt.lineno - 1])
                    type_ = comment.group(1) if comment else None
                field = Field(attr, type_)
                field.required = any(REQUIRED_MARK in line for line in lines[previous_end:stmt.lineno - 1])
                fields[attr] = field
            previous_end = stmt.end_lineno
        if "validate" in methods:
            for call in ast.walk(methods["validate"]):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "validate_required" and call.args
                        and isinstance(call.args[0], ast.Attribute) and call.args[0].attr in fields):
                    fields[call.args[0].attr].required = True
        if "to_map" in methods:
            for stmt in methods["to_map"].body:
                keys = {n.slice.value for n in ast.walk(stmt)
                        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
                        and n.value.id == "result" and isinstance(n.slice, ast.Constant)}
                attrs = {n.attr for n in ast.walk(stmt)
                         if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                         and n.value.id == "self" and n.attr in fields}
                if len(keys) == 1 and len(attrs) == 1:
                    fields[attrs.pop()].wire = keys.pop()
        unnamed = [f.attr for f in fields.values() if f.wire is None]
        if unnamed and "to_map" in methods:
            raise SystemExit(f"{node.name}: no wire name in to_map() for {unnamed}")
        classes[node.name] = fields
    return classes


def _is_plain_request(name: str) -> bool:
    return name.endswith("Request") and not name.endswith(("AdvanceRequest", "ShrinkRequest"))


def param_type(type_: str | None) -> str:
    t = (type_ or "str").strip("'\" ")
    if t.startswith("List["):
        return "array"
    return SCALARS.get(t, "object")


# --- placeholder response values ------------------------------------------------------------------------

REQUEST_ID = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
JOB_ID = "5E6F7A8B-9C0D-4E1F-8A2B-3C4D5E6F7A8B"
RESULT_HOST = "https://fakecloud-viapi.oss-cn-shanghai.aliyuncs.com/result/"
BOX_WORDS = ("Box", "Rect", "Rectangle")


def placeholder(name: str, kind: str, api: str):
    lname = name.lower()
    if kind == "string":
        if name == "RequestId":
            return REQUEST_ID
        if name == "JobId":
            return JOB_ID
        if lname.endswith("url") or name == "ImageList":
            return RESULT_HOST + api.lower() + ".png"
        if name == "Status":
            return "PROCESS_SUCCESS"
        if name == "Result":
            return '{"Content":"' + RESULT_HOST + 'result.pdf"}'
        if name in ("ErrorCode", "ErrorMessage", "Message", "MessageTips"):
            return ""
        if lname.endswith(("date", "day")):
            return "20210101"
        if lname.endswith("id") or lname.endswith("number") or lname.endswith("no"):
            return "1001"
        return "sample"
    if kind == "integer":
        if lname in ("width", "height", "w", "h"):
            return 256
        if lname in ("x", "y", "left", "top", "minx", "miny"):
            return 8
        if lname in ("maxx", "maxy"):
            return 264
        return 1
    if kind == "number":
        if any(w in lname for w in ("score", "confidence", "probability", "confident")):
            return 0.98
        if lname in ("width", "height", "w", "h"):
            return 256.0
        if lname in ("x", "y", "left", "top", "angle"):
            return 8.0
        return 0.5
    if kind == "boolean":
        return True
    return {}


def example(classes, type_: str | None, name: str, api: str, depth: int = 0):
    """A placeholder value of SDK type ``type_`` for the response field ``name``."""
    t = (type_ or "str").strip("'\" ")
    inner = re.fullmatch(r"List\[(.+)\]", t)
    if inner:
        item = inner.group(1).strip("'\" ")
        if item in SCALARS and any(w in name for w in BOX_WORDS):
            cast = float if item == "float" else int
            return [cast(v) for v in (8, 8, 256, 256)]
        return [example(classes, item, name, api, depth + 1)]
    if t in SCALARS:
        return placeholder(name, SCALARS[t], api)
    if t in classes and depth < 12:
        return {f.wire: example(classes, f.type, f.wire, api, depth + 1)
                for f in sorted(classes[t].values(), key=lambda f: f.wire)}
    return {}


# --- building -------------------------------------------------------------------------------------------

def build(cache: Path) -> tuple[dict, list[str]]:
    products: dict = {}
    sources: list[str] = []
    for product, (api_version, package, versions, v1) in PRODUCTS.items():
        models = {v: parse_models(models_source(fetch(package, v, cache))) for v in versions}
        baseline = parse_models(models_source(fetch(package, v1, cache)))
        sources.append(f"{package} {', '.join(versions)} (2020 requiredness: {v1})")
        # Does this version carry requiredness for plain requests? (2.x-5.x generations carry none; their
        # AdvanceRequest classes check only the upload stream.)
        marked = {v: any(f.required for name, fields in m.items() if _is_plain_request(name)
                         for f in fields.values()) for v, m in models.items()}
        apis: dict = {}
        for api in sorted(SCOPE[product]):
            version = next((v for v in versions if api + "Request" in models[v]), None)
            if version is None:
                raise SystemExit(f"{product}:{api} is in no pinned SDK version")
            classes = models[version]
            request = classes[api + "Request"]
            old = baseline.get(api + "Request")
            if marked[version]:
                required = [f.wire for f in request.values() if f.required]
            elif old is not None:
                required = [f.wire for f in old.values() if f.required]
            else:
                raise SystemExit(f"{product}:{api}: no SDK version gives its requiredness")
            notes = []
            old_required = sorted(f.wire for f in (old or {}).values() if f.required)
            override = REQUIRED_END_2021.get((product, api))
            if override:
                required, why = list(override[0]), override[1]
                notes.append(why)
            elif old is not None and sorted(required) != old_required:
                if (product, api) not in RELAXED_BY_END_2021:
                    raise SystemExit(f"{product}:{api}: required {sorted(required)} in SDK {version} but"
                                     f" {old_required} in {v1}; add it to REQUIRED_END_2021 or RELAXED_BY_END_2021")
                notes.append("Required in 2020: " + (", ".join(old_required) or "nothing")
                             + "; relaxed by the end of 2021.")
            if (product, api) in NOTES:
                notes.append(NOTES[(product, api)])
            retired = version != versions[0] or (product, api) in RETIRED_OUTSIDE_SDK
            if retired and version != versions[0]:
                notes.insert(0, f"Retired: last in SDK {version}.")
            wires = sorted(f.wire for f in request.values())
            body = api + "ResponseBody" if api + "ResponseBody" in classes else api + "Response"
            entry = {
                "required": sorted(required),
                "optional": [w for w in wires if w not in required],
                "types": {f.wire: param_type(f.type) for f in sorted(request.values(), key=lambda f: f.wire)},
                "status": "retired" if retired else "current",
                "async": (product, api) in ASYNC,
                "response": example(classes, body, "", api),
            }
            if notes:
                entry["notes"] = " ".join(notes)
            apis[api] = entry
        errors: list[str] = []
        for code in (*PLATFORM_ERRORS, *PRODUCT_ERRORS[product], *OBSERVED_ERRORS,
                     *OBSERVED_PRODUCT_ERRORS.get(product, ())):
            if code not in errors and code not in PLATFORM_ERRORS_ABSENT.get(product, ()):
                errors.append(code)
        products[product] = {"version": api_version, "errors": errors, "apis": apis}
    return {"products": products}, sources


def render(catalog: dict, sources: list[str]) -> str:
    about = (
        "Catalog of the vision AI (viapi) APIs a flow can call as `action: <product>:<Api>` task steps: request"
        " parameters by wire name (`required` is what a flow definition check enforces: the requiredness as of"
        " the end of 2021), parameter types, status, whether the API answers through GetAsyncJobResult, and a"
        " success response of the right shape with placeholder values."
    )
    errors = (
        "`errors` are the product's service error codes, without the `<product>.` prefix: the codes every viapi"
        " error-code page lists, then the product's own, then (lower confidence: seen in client code and"
        " support threads, not in the error tables) " + ", ".join(OBSERVED_ERRORS) + " and, for facebody, "
        + ", ".join(OBSERVED_PRODUCT_ERRORS["facebody"]) + ". A required parameter missing at call time is"
        " reported as `Missing<Param>` (HTTP 400)."
    )
    header = [
        *("# " + line for line in textwrap.wrap(about, 106)),
        *("# " + line for line in textwrap.wrap(errors, 106)),
        "#",
        "# Generated by: python tools/build_viapi_catalog.py   (then checked by hand; edit the script, not this)",
        "# SDK packages read (models parsed statically; each API from the newest version that has it):",
        *[f"#   {s}" for s in sources],
    ]
    body = yaml.dump(catalog, Dumper=yaml.SafeDumper, sort_keys=False, default_flow_style=None, allow_unicode=True,
                     width=118)
    return "\n".join(header) + "\n" + body


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/viapi-sdk-cache"),
                        help="directory for the downloaded SDK distributions")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    catalog, sources = build(args.cache)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(catalog, sources), encoding="utf-8")
    count = sum(len(p["apis"]) for p in catalog["products"].values())
    print(f"wrote {args.output} ({len(catalog['products'])} products, {count} APIs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
