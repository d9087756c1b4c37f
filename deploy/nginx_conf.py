"""Fill deploy/nginx.conf.template for one run folder: the conf deploy/replicas.sh and
tests/test_http_headers.py start nginx with.

    python3 deploy/nginx_conf.py RUN PORT 127.0.0.1:8601 127.0.0.1:8602   # writes RUN/nginx.conf
"""
from __future__ import annotations

import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")  # nginx's temp paths, all under RUN


def render(run: Path, port: int, replicas: list[str]) -> str:
    """The template with __RUN__, __PORT__ and one `server host:port;` line per replica."""
    servers = "\n".join(f"        server {address};" for address in replicas)
    return (TEMPLATE.read_text().replace("__RUN__", str(run)).replace("__PORT__", str(port))
            .replace("__SERVERS__", servers))


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
