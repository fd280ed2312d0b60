"""OSS in a world: `cloud.oss` (buckets and objects) and the `OSS:*` task integration; a scenario's
`services.oss` has `buckets`: a mapping of names to `{region, versioning, objects}`, `objects` mapping keys to text
or to `{body, contentType}`."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .errors import OssError
from .integration import OssTasks
from .store import OssStore


@dataclass(frozen=True)
class OssPlug(ServicePlug):
    attribute = "oss"
    scenario_key = "oss"

    def build(self, world) -> OssStore:
        return OssStore(world.clock.now, world.service_ids.new, world.region)

    def integrations(self, state: OssStore, world) -> list:
        return [OssTasks(state)]

    def set_up(self, state: OssStore, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("buckets",), where)
        for name, bucket in expect_mapping(spec.get("buckets"), f"{where}.buckets").items():
            here = f"{where}.buckets.{name}"
            bucket = expect_mapping(bucket, here)
            expect_fields(bucket, ("region", "versioning", "objects"), here)
            try:
                state.create_bucket(name, region=bucket.get("region"), versioning=bool(bucket.get("versioning")))
                for key, body in expect_mapping(bucket.get("objects"), f"{here}.objects").items():
                    self._put(state, name, key, body, f"{here}.objects.{key}")
            except OssError as exc:
                raise ValueError(f"{here}: {exc.code}: {exc.message}") from None

    @staticmethod
    def _put(state: OssStore, bucket: str, key, body, where: str) -> None:
        if isinstance(body, dict):
            expect_fields(body, ("body", "contentType"), where)
            text, kind = body.get("body", ""), body.get("contentType")
        else:
            text, kind = body, None
        if not isinstance(text, str) or (kind is not None and not isinstance(kind, str)):
            raise ValueError(f"{where}: an object is text, or {{body: text, contentType: text}}")
        state.put_object(bucket, key, text, content_type=kind)


PLUG = OssPlug()
