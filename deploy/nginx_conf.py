"""Fill deploy/nginx.conf.template for one run folder: the conf deploy/replicas.sh and
tests/test_http_headers.py start nginx with.

    python3 deploy/nginx_conf.py RUN PORT 127.0.0.1:8601 127.0.0.1:8602   # writes RUN/nginx.conf
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")  # nginx's temp paths, all under RUN


def replica_key(address: str) -> str:
    """A replica's cookie key: 32 hex digits (the shape a room link's `via` and the app accept),
    the same for the same address, so a browser keeps its replica across a reload of nginx."""
    return hashlib.sha256(f"rnnpg-replica:{address}".encode()).hexdigest()[:32]


def render(run: Path, port: int, replicas: list[str]) -> str:
    """The template with __RUN__, __PORT__, the pool of every replica (__SERVERS__), one upstream
    per replica (__REPLICAS__), and the maps from a key to its upstream (__KEYS__) and from the
    replica that answered to its key (__ANSWERED__)."""
    pad = " " * 8
    servers = "\n".join(f"{pad}server {address};" for address in replicas)
    upstreams = "\n".join(f"    upstream replica_{i} {{\n{pad}server {address};\n    }}"
                          for i, address in enumerate(replicas))
    keys = "\n".join(f'{pad}{replica_key(address)}   replica_{i};'
                     for i, address in enumerate(replicas))
    answered = "\n".join(f'{pad}"~(^|, ){re.escape(address)}$"   {replica_key(address)};'
                         for address in replicas)
    return (TEMPLATE.read_text().replace("__RUN__", str(run)).replace("__PORT__", str(port))
            .replace("__SERVERS__", servers).replace("__REPLICAS__", upstreams)
            .replace("__KEYS__", keys).replace("__ANSWERED__", answered))


def write(run: Path, port: int, replicas: list[str]) -> Path:
    """Create RUN's temp folders and RUN/nginx.conf; return the path of the conf."""
    for name in TEMP_DIRS:
        (run / name).mkdir(parents=True, exist_ok=True)
    conf = run / "nginx.conf"
    conf.write_text(render(run, port, replicas))
    return conf


if __name__ == "__main__":
    run_dir, public_port, *addresses = sys.argv[1:]
    print(write(Path(run_dir), int(public_port), addresses))
