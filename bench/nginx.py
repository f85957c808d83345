"""nginx serving a directory on 127.0.0.1:<free port>, gzip on, in the foreground as a child process.

    with Nginx(site_dir) as server:
        print(server.url)        # http://127.0.0.1:PORT/

Everything nginx writes (pid, logs, temp folders) is in its own temporary prefix directory; nothing root-owned is
touched, no daemon is left behind (``nginx -p DIR -c nginx.conf -g 'daemon off;'``, stopped with SIGQUIT then
SIGTERM). Needs Debian's nginx: ``apt-get install -y nginx`` (``ensure_installed`` does it when run as root; the
package's own service does not start in a container without an init, and is not needed).

    .venv/bin/python bench/nginx.py DIR     # serve DIR until Ctrl-C (to look at the site by hand)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

NGINX = "/usr/sbin/nginx"
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy

CONFIG = """worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {access_log};
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml;  # text/html: always
    gzip_vary on;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        location /static/ {{ expires 7d; }}
        location /images/ {{ expires 30d; }}
    }}
}}
"""


def ensure_installed() -> str:
    """The nginx binary; installed with apt when missing and we are root (one line on stderr says so)."""
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing: sudo apt-get install -y nginx")
    print("bench: installing nginx (apt-get install -y nginx)", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=False, stdout=subprocess.DEVNULL)
    if not Path(NGINX).exists():
        subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True, stdout=subprocess.DEVNULL)
    return NGINX


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """``with Nginx(root) as server: server.url``; ``access_log=True`` keeps the access log (prefix/access.log)."""

    def __init__(self, root: Path, workers: int = 1, access_log: bool = False) -> None:
        self.root = Path(root).resolve()
        self.workers = workers
        self.access_log = access_log
        self.prefix = Path(tempfile.mkdtemp(prefix="ent-bench-nginx-"))
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Nginx:
        binary = ensure_installed()
        for _attempt in range(5):  # the free port may be taken between the probe and nginx's bind: try another
            self.port = free_port()
            conf = self.prefix / "nginx.conf"
            conf.write_text(
                CONFIG.format(
                    workers=self.workers,
                    prefix=self.prefix,
                    port=self.port,
                    root=self.root,
                    access_log=f"{self.prefix}/access.log" if self.access_log else "off",
                ),
                encoding="utf-8",
            )
            self.process = subprocess.Popen(
                [
                    binary,
                    "-p",
                    str(self.prefix),
                    "-e",
                    str(self.prefix / "error.log"),
                    "-c",
                    str(conf),
                    "-g",
                    "daemon off;",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    with LOOPBACK.open(self.url + "robots.txt", timeout=2) as answer:
                        if answer.status == 200:
                            return self
                except OSError:
                    time.sleep(0.05)
            error = self.process.stderr.read().decode(errors="replace") if self.process.poll() is not None else ""
            self.stop()
            if "Address already in use" not in error:
                raise RuntimeError(f"nginx did not start: {error.strip()[-500:]}")
        raise RuntimeError("nginx did not find a free port")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish, master exits
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(timeout=10)
        self.process = None

    def cleanup(self) -> None:
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.cleanup()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with Nginx(Path(sys.argv[1])) as server:
        print(f"serving {sys.argv[1]} at {server.url} (Ctrl-C to stop)", flush=True)
        try:
            while server.process and server.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
