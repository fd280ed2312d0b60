"""What ``fakecloud server`` prints at start: the address, the clock, each official SDK's client settings and the
control plane with its token. A secret the server was given (an access key secret, a control token) is masked;
the default key pair and a generated token are printed, since clients need them and nothing else knows them."""
from __future__ import annotations

from .access import TOKEN_HEADER
from .masking import MASK


def banner(server) -> str:
    s = server.settings
    tea, acs, mns, fc2 = s["tea"], s["acs"], s["mns"], s["fc2"]
    key = repr(tea["access_key_id"])
    secret = MASK if server.secret_given else repr(tea["access_key_secret"])
    token = f"{MASK} (as given)" if server.token_given else server.control_token
    clock = server.app.time.mode
    if not server.cloud.clock.is_virtual and server.cloud.clock.scale != 1:
        clock += f", {server.cloud.clock.scale:g}x"
    lines = [
        f"fakecloud server listening on {server.url} (clock: {clock}, signatures: "
        f"{'verified' if server.app.verify_signatures else 'not checked'})",
        f"  alibabacloud-* (Tea) clients:  Config(access_key_id={key}, access_key_secret={secret}, "
        f"endpoint={tea['endpoint']!r}, protocol='http', region_id={tea['region_id']!r})",
        f"  aliyunsdkcore AcsClient:       AcsClient({key}, {secret}, {acs['region_id']!r}, "
        f"port={acs['port']}); request.set_endpoint({s['acs_endpoint']!r})",
        f"  aliyun-mns-sdk:                Account({mns['host']!r}, {key}, {secret})",
        f"  aliyun-fc2:                    fc2.Client(endpoint={fc2['endpoint']!r}, accessKeyID={key}, "
        f"accessKeySecret={secret})",
        f"  control plane:                 {server.url}/_fakecloud/ (see docs/control-plane.md)",
        f"  control token:                 {TOKEN_HEADER}: {token}",
    ]
    imports = server.app.handler_imports
    if imports.enabled:
        allowed = "any module" if imports.allow_all else ", ".join(imports.modules)
        lines.append(f"  handler imports:               {allowed}")
    if server.flows:
        lines.append(f"  flows:                         {', '.join(server.flows)}")
    return "\n".join(lines)
