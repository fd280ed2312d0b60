"""Headless Chromium (Debian's `chromium`) for looking at the HTML reports as a person would: the DOM after the
page's script ran, and a screenshot read back as pixels (a small PNG reader: 8-bit RGB or RGBA, no interlace)."""
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SKIP_REASON = ("headless Chromium is not installed (Debian package `chromium`; .ci/run installs it): the browser "
               "test of the HTML reports is skipped")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              timeout=180, check=True)


def dump_dom(page: str) -> str:
    """The page's DOM once its scripts have run."""
    return _chromium("--dump-dom", f"file://{page}").stdout.decode("utf-8")


def screenshot(page: str, out: str, width: int = 1400, height: int = 2000) -> str:
    """A screenshot of the page laid out `width` x `height` CSS pixels wide, taken at half scale (a quarter of the
    pixels to read back; flat fills keep their exact colour)."""
    _chromium(f"--window-size={width},{height}", "--force-device-scale-factor=0.5", "--hide-scrollbars",
              f"--screenshot={out}", f"file://{page}")
    return out


def pixels(png: str) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of a PNG file."""
    data = open(png, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG"
    step = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        previous = line
        rows.append(bytes(line) if step == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
    return width, height, rows


def count(rows: list[bytes], hex_color: str) -> int:
    """How many pixels have exactly this colour (`#7b1fa2`)."""
    target = bytes.fromhex(hex_color.lstrip("#"))
    return sum(row[i:i + 3] == target for row in rows for i in range(0, len(row), 3))
