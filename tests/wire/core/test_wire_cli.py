"""`fakecloud server` as a user starts it: a subprocess on a free port, its first lines, Ctrl-C, exit 0."""
import signal
import socket
import subprocess
import sys
import textwrap

import pytest
import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(*args, cwd=None):
    return subprocess.Popen([sys.executable, "-m", "fakecloud", "server", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_banner(process) -> list[str]:
    lines = []
    while not lines or lines[-1] != "Press Ctrl-C to stop.":
        line = process.stdout.readline()
        assert line, f"the server ended early: {process.stderr.read()}"
        lines.append(line.rstrip("\n"))
    return lines


def banner_token(lines: list[str]) -> str:
    prefix = "  control token:                 X-Fakecloud-Token: "
    (line,) = [line for line in lines if line.startswith(prefix)]
    return line[len(prefix):]


def interrupt(process) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    return process.returncode, out


def test_server_prints_the_settings_serves_and_stops_on_ctrl_c():
    port = free_port()
    process = start("--port", str(port))
    try:
        lines = read_banner(process)
        assert lines[0] == f"fakecloud server listening on http://127.0.0.1:{port} (clock: virtual, signatures: " \
                           f"not checked)"
        assert f"endpoint='127.0.0.1:{port}', protocol='http'" in lines[1]
        assert f"AcsClient('fakecloud', 'fakecloud-secret', 'cn-hangzhou', port={port})" in lines[2]
        assert f"Account('http://127.0.0.1:{port}'" in lines[3]
        assert f"fc2.Client(endpoint='http://127.0.0.1:{port}'" in lines[4]
        assert f"http://127.0.0.1:{port}/_fakecloud/" in lines[5]
        token = banner_token(lines)
        assert len(token) == 43
        assert requests.get(f"http://127.0.0.1:{port}/_fakecloud/clock").status_code == 401
        assert requests.get(f"http://127.0.0.1:{port}/_fakecloud/clock",
                            headers={"X-Fakecloud-Token": token}).json()["mode"] == "virtual"
    finally:
        code, out = interrupt(process)
    assert (code, out) == (0, "fakecloud server stopped\n")


def test_server_stops_cleanly_on_sigterm():
    process = start("--port", "0")
    read_banner(process)
    process.terminate()
    assert process.wait(timeout=10) == 0


def test_server_options_flows_clock_and_keys(tmp_path):
    (tmp_path / "hello.yaml").write_text("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n")
    (tmp_path / "handlers.py").write_text(textwrap.dedent("""\
        def echo(event):
            return event
        """))
    port = free_port()
    process = start("--port", str(port), "--flows", str(tmp_path), "--clock", "real", "--scale", "5",
                    "--verify-signatures", "--access-key-id", "AK", "--access-key-secret", "SK-do-not-print",
                    "--handler-module", "handlers", cwd=tmp_path)
    try:
        lines = read_banner(process)
        assert "(clock: real, 5x, signatures: verified)" in lines[0]
        assert "Config(access_key_id='AK', access_key_secret=********," in lines[1]
        assert not [line for line in lines if "SK-do-not-print" in line]
        assert lines[7:9] == ["  handler imports:               handlers", "  flows:                         hello"]
        response = requests.post(f"http://127.0.0.1:{port}/_fakecloud/fc/functions",
                                 json={"name": "svc/echo", "handler": "handlers:echo"},    # imported from the cwd
                                 headers={"X-Fakecloud-Token": banner_token(lines)})
        assert response.json() == {"name": "svc/echo", "handler": "handlers:echo", "rules": 0}
    finally:
        code, _ = interrupt(process)
    assert code == 0


def test_a_given_control_token_is_required_and_not_printed(tmp_path, monkeypatch):
    (tmp_path / "handlers.py").write_text("def echo(event):\n    return event\n")
    token = "given-by-the-environment-0123"
    monkeypatch.setenv("FAKECLOUD_CONTROL_TOKEN", token)
    port = free_port()
    process = start("--port", str(port), "--allow-handler-imports", "--log-requests", cwd=tmp_path)
    try:
        lines = read_banner(process)
        assert lines[6:8] == ["  control token:                 X-Fakecloud-Token: ******** (as given)",
                              "  handler imports:               any module"]
        url = f"http://127.0.0.1:{port}/_fakecloud/fc/functions"
        assert requests.post(url, json={"name": "svc/echo", "handler": "os:getcwd"}).status_code == 401
        response = requests.post(url, json={"name": "svc/echo", "handler": "handlers:echo"},
                                 headers={"X-Fakecloud-Token": token})
        assert response.json() == {"name": "svc/echo", "handler": "handlers:echo", "rules": 0}
        requests.get(f"http://127.0.0.1:{port}/?Action=ListFlows&Signature=c2lnbmVk&SecurityToken=sts-tok"
                     "&AccessKeyId=AK&x-acs-security-token=t2")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert token not in out + err
    (logged,) = [line for line in err.splitlines() if "Action=ListFlows" in line]
    assert "/?Action=ListFlows&Signature=********&SecurityToken=********&AccessKeyId=AK&" \
           "x-acs-security-token=******** HTTP/1.1" in logged
    assert "c2lnbmVk" not in err and "sts-tok" not in err


@pytest.mark.parametrize("args, message", [
    (["--access-key-id", "AK"], "--access-key-id and --access-key-secret go together"),
    (["--scale", "2"], "--scale needs --clock real"),
    (["--clock", "real", "--scale", "0"], "--scale must be > 0"),
    (["--flows", "/no/such/dir"], "--flows: /no/such/dir is not a directory"),
    (["--control-token", "short"], "a control token must be 16 to 256 printable ASCII characters without spaces"),
    (["--handler-module", "not a module"], "not a module name: 'not a module'"),
])
def test_bad_options_exit_2(args, message):
    process = start("--port", "0", *args)
    out, err = process.communicate(timeout=10)
    assert (process.returncode, out, err) == (2, "", f"fakecloud server: error: {message}\n")


def test_a_taken_port_exits_2_with_a_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        process = start("--port", str(port))
        out, err = process.communicate(timeout=10)
    assert process.returncode == 2
    assert err.startswith(f"fakecloud server: error: cannot listen on 127.0.0.1:{port}: ")
