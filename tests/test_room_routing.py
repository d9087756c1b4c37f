"""Rooms behind deploy/'s nginx: a room link's `via` (the leader's replica key) sends whoever
opens it to the leader's replica, where the room lives, and pins them there by the cookie.
Two stand-in upstreams that answer with their own name make the routing visible."""
import http.server
import secrets
import subprocess
import threading
import urllib.request

import pytest

from deploy import nginx_conf
from playground.kit.room_ui import link_for
from tests.browser.harness import free_port, stop, wait_until_up
from tests.test_http_headers import NGINX, needs_nginx


def upstream(name: str):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    run = tmp_path_factory.mktemp("nginx-rooms")
    servers = [upstream("A"), upstream("B")]
    port = free_port()
    conf = nginx_conf.write(run, port, [f"127.0.0.1:{s.server_port}" for s in servers])
    nginx = subprocess.Popen([NGINX, "-p", str(run), "-e", str(run / "error.log"), "-c", str(conf),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, nginx, 20, "nginx", log=run / "error.log")
        yield url
    finally:
        stop(nginx)
        for s in servers:
            s.shutdown()


def get(url: str, cookie: str | None = None) -> tuple[str, str]:
    """(which upstream answered, the replica cookie the proxy set)."""
    request = urllib.request.Request(url, headers={"Cookie": f"rnnpg_replica={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("rnnpg_replica=")]
        return response.read().decode(), cookies[0].split(";")[0].split("=", 1)[1]


@needs_nginx
def test_a_room_link_reaches_the_leaders_replica(proxy):
    seen = set()
    for _ in range(16):
        leader = secrets.token_hex(16)                 # the shape of nginx's $request_id
        home, _ = get(proxy + "/train", cookie=leader)  # where the leader's session lives
        link = link_for(proxy + "/train", "R" * 22, leader).removeprefix(proxy)
        assert link == f"/train?room={'R' * 22}&via={leader}"
        assert get(proxy + link) == (home, leader)       # a new browser: the leader's replica, pinned
        assert get(proxy + link, cookie=secrets.token_hex(16)) == (home, leader)  # even if elsewhere
        assert get(proxy + "/train", cookie=leader)[0] == home   # its websocket follows the cookie
        seen.add(home)
    assert seen == {"A", "B"}   # the keys spread over both replicas, so the routing was tested


@needs_nginx
def test_without_a_valid_via_a_browser_keeps_its_own_replica(proxy):
    own = secrets.token_hex(16)
    home, _ = get(proxy + "/train", cookie=own)
    for via in ("", "nothex" * 5, "a" * 31, "../x"):
        assert get(proxy + f"/train?room={'R' * 22}&via={via}", cookie=own) == (home, own)
    assert link_for("http://x/train?lang=ko", "R" * 22, "not-a-key") == f"http://x/train?room={'R' * 22}"
