"""Replicas behind deploy/'s nginx: new browsers are split evenly and pinned by a cookie that
names their replica, and a room link's `via` (the leader's replica key) sends whoever opens it
to the leader's replica, where the room lives.
Two stand-in upstreams that answer with their own name make the routing visible."""
import http.server
import re
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


class Proxy(str):
    """The proxy's URL, knowing its replicas' addresses (A's first)."""

    def __new__(cls, url: str, addresses: list[str]):
        self = super().__new__(cls, url)
        self.addresses = addresses
        return self


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
        yield Proxy(url, [f"127.0.0.1:{s.server_port}" for s in servers])
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
def test_new_browsers_are_split_evenly_and_keep_their_replica(proxy):
    """A class arriving together: 20 new browsers, 10 on each replica (a random key per browser
    split them 13/7 or worse about one time in four); each browser's cookie then brings it back
    to the same one."""
    first = [get(proxy + "/train") for _ in range(20)]
    answered = [home for home, _ in first]
    assert sorted(answered) == ["A"] * 10 + ["B"] * 10, answered
    assert {key for _, key in first} == {nginx_conf.replica_key(a) for a in proxy.addresses}
    for home, key in first:
        assert re.fullmatch(r"[0-9a-f]{32}", key)   # the shape the app puts in a room link
        assert [get(proxy + "/train", cookie=key) for _ in range(3)] == [(home, key)] * 3


@needs_nginx
def test_a_room_link_reaches_the_leaders_replica(proxy):
    seen = set()
    for _ in range(8):
        home, leader = get(proxy + "/train")              # a leader's first visit
        link = link_for(proxy + "/train", "R" * 22, leader).removeprefix(proxy)
        assert link == f"/train?room={'R' * 22}&via={leader}"
        assert get(proxy + link) == (home, leader)       # a new browser: the leader's replica, pinned
        other = next(k for _, k in [get(proxy + "/train") for _ in range(2)] if k != leader)
        assert get(proxy + link, cookie=other) == (home, leader)   # even one pinned elsewhere
        assert get(proxy + "/train", cookie=leader)[0] == home   # its websocket follows the cookie
        seen.add(home)
    assert seen == {"A", "B"}   # leaders on both replicas, so the routing was tested


@needs_nginx
def test_a_key_no_replica_has_gets_a_replica_and_its_key(proxy):
    """A cookie from before a restart (or made up) is not an error: the browser is placed as a
    new one and told its replica's key."""
    keys = {nginx_conf.replica_key(a): name for a, name in zip(proxy.addresses, "AB")}
    for stale in (secrets.token_hex(16), "x", "../x"):
        home, key = get(proxy + "/train", cookie=stale)
        assert keys[key] == home


@needs_nginx
def test_without_a_valid_via_a_browser_keeps_its_own_replica(proxy):
    home, own = get(proxy + "/train")
    for via in ("", "nothex" * 5, "a" * 31, "../x"):
        assert get(proxy + f"/train?room={'R' * 22}&via={via}", cookie=own) == (home, own)
    assert link_for("http://x/train?lang=ko", "R" * 22, "not-a-key") == f"http://x/train?room={'R' * 22}"
