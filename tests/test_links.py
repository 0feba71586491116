"""Every relative link in the lessons opens in JupyterLab as `make lab` starts it (issue 9, item 1).

The server is started with tools/lab.py's command (the one `make lab` runs), headless, on a
free localhost port with a token; its contents API is asked for every linked path, resolved
from the folder of the file that holds the link. Bounded in time; the server is stopped.
"""
import json
import pathlib
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402  (tools/lab.py: the server command of `make lab`)

LINK = re.compile(r"\]\(([^)\s]+)\)|href=\"([^\"]+)\"")
SOURCES = [*sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")), ROOT / "lessons" / "README.md",
           ROOT / "README.md"]


def _markdown(path):
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return [path.read_text()]


def relative_links():
    """{repository path: [files that link to it]} for every relative link."""
    found = {}
    for path in SOURCES:
        for text in _markdown(path):
            for match in LINK.finditer(text):
                target = (match[1] or match[2]).split("#")[0]
                if not target or re.match(r"^[a-z]+:", target):
                    continue  # a web address or an anchor in the same page
                resolved = (path.parent / urllib.parse.unquote(target)).resolve()
                where = resolved.relative_to(ROOT).as_posix()  # ValueError if outside the repo
                found.setdefault(where, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_links_are_found():
    links = relative_links()
    assert "fnapi/layers/core.py" in links and "solutions/01_fully_connected.py" in links
    assert any(p.startswith("lessons/0") and p.endswith(".ipynb") for p in links)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def server():
    port, token = _free_port(), secrets.token_hex(16)
    process = subprocess.Popen(
        lab.command(f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                    "--ServerApp.ip=127.0.0.1", "--ServerApp.open_browser=False",
                    f"--IdentityProvider.token={token}"),
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab stopped: {process.stderr.read()[-2000:]}")
            try:
                if _get(f"{base}/api/status?token={token}", timeout=2) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 90 s")
            time.sleep(0.5)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_every_relative_link_opens(server):
    base, token = server
    missing = {}
    for path, linked_from in sorted(relative_links().items()):
        url = f"{base}/api/contents/{urllib.parse.quote(path)}?content=0&token={token}"
        status = _get(url)
        if status != 200:
            missing[path] = (status, sorted(set(linked_from)))
    assert not missing, missing


def test_the_server_serves_the_repository_root(server):
    base, token = server
    assert _get(f"{base}/api/contents/fnapi?content=0&token={token}") == 200
    assert _get(f"{base}/api/contents/{lab.START_PAGE}?content=0&token={token}") == 200
    assert _get(f"{base}/api/contents/no_such_file.py?content=0&token={token}") == 404


def test_markdown_opens_rendered(server):
    base, token = server
    url = f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}"
    with urllib.request.urlopen(url, timeout=5) as response:
        schema = json.load(response)["schema"]
    assert schema["properties"]["defaultViewers"]["default"]["markdown"] == "Markdown Preview"
