"""A real nginx serving the built site with deploy/nginx/handbook.conf, for tests.

The deploy file is used as written except for its two site-specific lines, `listen` (a free
port on 127.0.0.1) and `root` (this checkout's site/): exactly what an administrator
changes. It is included from a generated top-level nginx.conf that keeps the pid file,
logs and temp directories in a temporary prefix, so nginx runs as the current user and
never touches /etc/nginx, /var/log/nginx or /run.
"""
from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from site_pages import ROOT

CONF = ROOT / "deploy" / "nginx" / "handbook.conf"
SUBPATH_CONF = ROOT / "deploy" / "nginx" / "handbook-subpath.conf"
SUBPATH = "/handbook/"
LISTEN = re.compile(r"^(\s*)listen\s+[^;]+;", re.M)
ROOT_LINE = re.compile(r"^(\s*)(root|alias)\s+[^;]+;", re.M)
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def nginx_binary() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if path is None:
        raise RuntimeError("nginx is not installed: `apt-get install nginx` (.ci/run does it)")
    return path


def site_conf(site: Path, port: int, conf: Path = CONF) -> str:
    """A deploy config with its `listen` and `root` (or `alias`) lines pointed at this test."""
    text = conf.read_text(encoding="utf-8")
    assert len(LISTEN.findall(text)) == 1, f"{conf}: expected exactly one `listen` line"
    assert len(ROOT_LINE.findall(text)) == 1, f"{conf}: expected exactly one `root` or `alias` line"
    text = LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{port};", text)
    return ROOT_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)} {site}{'/' if m.group(2) == 'alias' else ''};", text)


def _top_conf(prefix: Path, included: Path) -> str:
    user = ""
    if os.geteuid() == 0:
        # nginx started by root would hand its workers to `nobody`, who cannot enter a
        # private temp dir; keep them as the user running the tests.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    if not BROTLI.is_file():
        raise RuntimeError("nginx's brotli module is not installed: `apt-get install libnginx-mod-http-brotli-static`"
                           " (.ci/run does it)")
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
load_module {BROTLI};
daemon off;
worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    access_log {prefix / 'access.log'};
{temp}
    include {included};
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(proc: subprocess.Popen, port: int, log: Path, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n{log.read_text(errors='replace') if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


@contextlib.contextmanager
def serve_with_nginx(site: Path, prefix: Path, conf: Path = CONF):
    """Yield the base URL (http://127.0.0.1:<port>) of nginx serving `site` with `conf`
    (handbook.conf: at the root; handbook-subpath.conf: under /handbook/); stop it afterwards."""
    prefix.mkdir(parents=True, exist_ok=True)
    binary = nginx_binary()
    last_error = None
    for _ in range(3):  # another process may take the free port between the probe and nginx
        port = _free_port()
        included = prefix / "handbook.conf"
        included.write_text(site_conf(site.resolve(), port, conf), encoding="utf-8")
        top = prefix / "nginx.conf"
        top.write_text(_top_conf(prefix, included), encoding="utf-8")
        log = prefix / "error.log"
        check = subprocess.run([binary, "-t", "-p", str(prefix), "-c", str(top), "-e", str(log)],
                               capture_output=True, text=True)
        if check.returncode != 0 or "[warn]" in check.stderr:
            raise RuntimeError(f"nginx -t rejected the configuration or warned:\n{check.stderr}")
        with open(prefix / "stderr.log", "ab") as stderr:
            proc = subprocess.Popen([binary, "-p", str(prefix), "-c", str(top), "-e", str(log)],
                                    stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            _wait_listening(proc, port, log)
        except RuntimeError as err:
            last_error = err
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            continue
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.send_signal(signal.SIGQUIT)  # graceful: finish open requests, then exit
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return
    raise last_error


def check_in_stock_config(prefix: Path, conf: Path = CONF) -> subprocess.CompletedProcess:
    """`nginx -t` of Debian's own /etc/nginx/nginx.conf with the deploy file in its conf.d/,
    as an administrator installs it (logs redirected into `prefix`, so any user can run it)."""
    stock = Path("/etc/nginx/nginx.conf")
    if not stock.is_file():
        raise RuntimeError("/etc/nginx/nginx.conf is missing: `apt-get install nginx` (.ci/run does it)")
    confd = prefix / "conf.d"
    confd.mkdir(parents=True, exist_ok=True)
    shutil.copy(conf, confd / conf.name)
    text = stock.read_text(encoding="utf-8")
    assert "/etc/nginx/conf.d/" in text, "Debian's nginx.conf no longer includes conf.d/"
    text = (text.replace("/etc/nginx/conf.d/", f"{confd}/")
                .replace("/var/log/nginx/", f"{prefix}/")
                .replace("/run/nginx.pid", f"{prefix}/nginx.pid"))
    top = prefix / "nginx.conf"
    top.write_text(text, encoding="utf-8")
    # Debian's module snippets load `modules/…` from nginx's prefix (/usr/share/nginx, where
    # `modules` is a link to /usr/lib/nginx/modules); the test runs with its own prefix.
    if not (prefix / "modules").exists():
        (prefix / "modules").symlink_to(BROTLI.parent)
    return subprocess.run([nginx_binary(), "-t", "-p", str(prefix), "-c", str(top), "-e", str(prefix / "error.log")],
                          capture_output=True, text=True)
