"""The HTML report, rendered in a real headless Chromium (Debian's ``chromium``).

A probe script appended to a copy of the report measures, inside the browser, every
highlight's box and computed colour, toggles a category in the legend, and writes what
it saw into the DOM, which ``--dump-dom`` prints. A screenshot is decoded and searched
for the highlight colours.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.reporters.html import COLOURS

PAGE = (
    "Get all your news in one place.\n"
    "Download the app\n\n"
    "The council met on Tuesday and voted to repair the old bridge over the river this summer.\n\n"
    "<script>window.cgInjected = 1</script> &amp; \x1b[31m stays text.\n\n"
    "Sign up to read this article\n"
)
PROBE = """<script>
(function () {
  function seen() {
    return Array.prototype.map.call(document.querySelectorAll('mark.cg-mark'), function (m) {
      var r = m.getBoundingClientRect();
      return {category: m.dataset.category, text: m.textContent, width: r.width, height: r.height,
              background: getComputedStyle(m).backgroundColor};
    });
  }
  var before = seen();
  var box = document.querySelector('.cg-legend input[value="paywall"]');
  box.checked = false;
  box.dispatchEvent(new Event('change'));
  var after = seen();
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({ready: document.documentElement.getAttribute('data-cg-ready'),
                                    injected: window.cgInjected === undefined ? null : window.cgInjected,
                                    before: before, after: after});
  document.body.appendChild(out);
})();
</script>"""


def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Debian's chromium package is required (apt-get install chromium)"
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={user_data}",
         "--hide-scrollbars", *args],
        capture_output=True, text=True, timeout=120)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def png_pixels(data: bytes) -> set[tuple[int, int, int]]:
    """The distinct RGB colours of an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0
            channels = 4 if colour_type == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
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
        colours.update(tuple(line[i:i + 3]) for i in range(0, stride, channels))  # type: ignore[misc]
        previous = line
    return colours


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    page = folder / "page.txt"
    page.write_text(PAGE)
    out = folder / "report.html"
    result = CliRunner().invoke(app, ["scan", str(page), "--no-plugins", "--isolated", "--select", "paywall",
                                      "--select", "app-promo", "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    return out


def test_report_is_self_contained_and_escapes_the_page(report: Path):
    text = report.read_text()
    assert "<script>window.cgInjected" not in text
    assert "&lt;script&gt;window.cgInjected = 1&lt;/script&gt; &amp;amp;" in text
    assert 'src="http' not in text and "href=\"http" not in text and "@import" not in text
    assert "default-src 'none'" in text


def test_highlights_are_visible_in_chromium_and_the_legend_toggles_them(report: Path, tmp_path: Path):
    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text().replace("</body>", PROBE + "</body>"))
    result = chromium("--dump-dom", "--virtual-time-budget=3000", probed.as_uri(), user_data=tmp_path / "profile")
    assert "<pre id=\"probe\">" in result.stdout, result.stderr[-2000:]
    raw = result.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]
    probe = json.loads(raw.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    assert probe["injected"] is None
    before = {m["text"]: m for m in probe["before"]}
    assert set(before) == {"Get all your news in one place.", "Download the app", "Sign up to read this article"}
    assert probe["ready"] == "3"
    for mark in probe["before"]:
        assert mark["width"] > 20 and mark["height"] > 8, mark
        r, g, b = rgb(COLOURS[mark["category"]])
        assert mark["background"] == f"rgb({r}, {g}, {b})", mark
    after = {m["text"]: m["background"] for m in probe["after"]}
    assert after["Sign up to read this article"] == "rgba(0, 0, 0, 0)"
    assert after["Download the app"] == "rgb({}, {}, {})".format(*rgb(COLOURS["app-promo"]))


def test_screenshot_shows_the_category_colours(report: Path, tmp_path: Path):
    shot = tmp_path / "shot.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1000,700", report.as_uri(), user_data=tmp_path / "p")
    assert shot.exists(), result.stderr[-2000:]
    colours = png_pixels(shot.read_bytes())
    assert rgb(COLOURS["paywall"]) in colours
    assert rgb(COLOURS["app-promo"]) in colours
