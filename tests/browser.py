"""Headless Chromium driven by its own command line, for the browser tests of the HTML report.

A probe script is added to a copy of the page: it records errors and console.error calls from the
start, and at the end writes its measurements into the DOM, which `--dump-dom` then returns.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--disable-dev-shm-usage")
TIMEOUT = 120

PROBE_START = """<script>window.__errors=[];window.addEventListener('error',function(e){__errors.push(String(e.message))});
document.addEventListener('securitypolicyviolation',function(e){__errors.push('CSP: '+e.violatedDirective)});
(function(){var c=console.error;console.error=function(){__errors.push([].join.call(arguments,' '));c.apply(console,arguments)}})();</script>"""
PROBE_END = """<script>(function(){var out={errors:window.__errors,pwned:!!window.__pwned,
width:window.innerWidth,scrollWidth:document.documentElement.scrollWidth};
function visible(){return [].filter.call(document.querySelectorAll('article.finding'),function(a){return !a.hidden&&a.offsetParent!==null}).length}
var wrap=document.querySelector('.matrix-wrap');if(wrap){out.matrixScrolls=wrap.scrollWidth>wrap.clientWidth}
var form=document.getElementById('filters');out.filtersShown=!!form&&!form.hidden;out.visibleBefore=visible();
out.shownBefore=(document.getElementById('shown')||{}).textContent;
out.countsBefore=form?[].map.call(form.querySelectorAll('label .n'),function(n){return n.textContent}):[];
var box=form&&form.querySelector('input[name=severity]');if(box){box.checked=false;box.dispatchEvent(new Event('change'));
out.unchecked=box.value;out.visibleAfter=visible();out.shownAfter=document.getElementById('shown').textContent;
out.counts=[].map.call(form.querySelectorAll('label .n'),function(n){return n.textContent});}
out.wide=[].filter.call(document.querySelectorAll('body *'),function(el){var r=el.getBoundingClientRect();
return r.right>document.documentElement.clientWidth+1&&!(el.parentNode.closest&&el.parentNode.closest('.matrix-wrap'))}).slice(0,5).map(function(el){return el.tagName+'.'+el.className});
var pre=document.createElement('pre');pre.id='__probe';pre.textContent=JSON.stringify(out);document.body.appendChild(pre);})();</script>"""
# the page runs in an iframe of the exact width: headless windows are at least 500 px wide
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" style="border:0;width:{width}px;height:{height}px" srcdoc="{page}"></iframe>
<script>document.getElementById('f').addEventListener('load',function(){{var p=this.contentDocument.getElementById('__probe');
var pre=document.createElement('pre');pre.id='__out';pre.textContent=p?p.textContent:'{{}}';document.body.appendChild(pre);}});</script>
</body></html>"""


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run(args: list[str], workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run Chromium with the test flags and a fresh profile in `workdir`."""
    exe = chromium()
    assert exe is not None
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)


def why_not_runnable(workdir: Path) -> str | None:
    """A plain reason Chromium cannot run here, or None when it renders a page."""
    if chromium() is None:
        return "chromium is not installed (Debian: apt-get install -y chromium)"
    page = workdir / "probe.html"
    page.write_text("<!DOCTYPE html><p id=x>ok</p>", encoding="utf-8")
    try:
        done = run(["--dump-dom", page.as_uri()], workdir)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"chromium cannot start: {exc}"
    if "ok" not in done.stdout:
        return "chromium cannot render a page: " + (done.stderr.strip().splitlines() or ["no output"])[-1]
    return None


def probe(html: str, workdir: Path, width: int = 1280, height: int = 900) -> dict[str, object]:
    """Load `html` at the given window size and return the probe's measurements."""
    page = html.replace("<head>", "<head>" + PROBE_START, 1).replace("</body>", PROBE_END + "</body>", 1)
    path = workdir / f"probe-{width}.html"
    path.write_text(FRAME.format(width=width, height=height, page=escape(page, quote=True)), encoding="utf-8")
    done = run([f"--window-size={max(width, 800)},{height}", "--virtual-time-budget=5000", "--dump-dom",
                path.as_uri()], workdir)
    found = re.search(r'<pre id="__out">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, f"no probe output from chromium: {done.stderr[-2000:]}"
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return json.loads(text)  # type: ignore[no-any-return]


def pdf_pages(html_path: Path, workdir: Path) -> int:
    """Print `html_path` to PDF as Chromium does and count the pages."""
    out = workdir / (html_path.stem + ".pdf")
    run([f"--print-to-pdf={out}", "--no-pdf-header-footer", html_path.as_uri()], workdir)
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(out)))


def screenshot(html_path: Path, out: Path, width: int, height: int, workdir: Path) -> None:
    """A PNG of the page at the given window size."""
    run([f"--window-size={width},{height}", f"--screenshot={out}", "--hide-scrollbars", html_path.as_uri()], workdir)
