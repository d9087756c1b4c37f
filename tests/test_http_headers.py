"""The hosted setup's HTTP hardening: one Streamlit server behind nginx from deploy/'s template.

Through the proxy, `/` may only be framed by its own site and is never MIME-sniffed, and Streamlit's
metrics endpoint is refused; visitors see short errors without tracebacks (.streamlit/config.toml).
"""
import os
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request

import pytest

from deploy import nginx_conf
from tests.browser.harness import ROOT, free_port, running_app, stop, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian puts it in /usr/sbin, off a user's PATH
needs_nginx = pytest.mark.skipif(not os.access(NGINX, os.X_OK), reason="nginx is not installed"
                                 " (apt-get install nginx; .ci/run does)")
METRICS_PATHS = ["/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics", "/_stcore/%6Detrics"]


def status_and_headers(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(proxy URL, app URL): nginx from deploy/nginx.conf.template in front of one app server."""
    run = tmp_path_factory.mktemp("nginx")
    with running_app() as app_url:
        port = free_port()
        conf = nginx_conf.write(run, port, [app_url.removeprefix("http://")])
        proxy = subprocess.Popen([NGINX, "-p", str(run), "-e", str(run / "error.log"),
                                  "-c", str(conf), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        proxy_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(proxy_url, proxy, 20, "nginx", log=run / "error.log")
            yield proxy_url, app_url
        finally:
            stop(proxy)  # SIGTERM: the master stops its workers and exits


@needs_nginx
def test_root_may_only_be_framed_by_its_own_site(served):
    proxy_url, _ = served
    status, headers = status_and_headers(proxy_url + "/")
    assert status == 200
    assert headers.get_all("X-Frame-Options") in (["DENY"], ["SAMEORIGIN"])
    csp = headers.get_all("Content-Security-Policy") or []
    assert len(csp) == 1 and "frame-ancestors 'self'" in csp[0]
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert headers.get("Referrer-Policy")
    # The security headers did not replace the replica cookie added in the same location.
    assert any(c.startswith("rnnpg_replica=") for c in headers.get_all("Set-Cookie") or [])


@needs_nginx
def test_metrics_are_refused_by_the_proxy_but_served_by_the_app(served):
    proxy_url, app_url = served
    assert status_and_headers(app_url + "/_stcore/metrics")[0] == 200  # what the proxy hides
    refused = {path: status_and_headers(proxy_url + path)[0] for path in METRICS_PATHS}
    assert all(400 <= code < 500 for code in refused.values()), refused


def test_visitors_see_the_error_type_but_no_traceback():
    """showErrorDetails "type": the exception's class and a generic message; the trace is logged."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "type"
    # Streamlit accepts it, read from the folder the app starts in (the Dockerfile's /app too).
    shown = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert '\nshowErrorDetails = "type"\n' in shown


def test_visitors_get_no_developer_toolbar_and_the_server_no_file_watcher():
    """client.toolbarMode "viewer" (no Deploy button, no developer menu) and
    server.fileWatcherType "none" (the watcher trips over torch.classes), as Streamlit reads them."""
    shown = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert '\ntoolbarMode = "viewer"\n' in shown and '\nfileWatcherType = "none"\n' in shown
