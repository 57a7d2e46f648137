"""The built site under a real nginx with deploy/nginx/handbook.conf: types, gzip, caching, headers.

nginx (Debian package `nginx`) runs as the current user on a free port of 127.0.0.1, from
a temporary prefix; the deploy config is used with only `listen` and `root` changed
(tests/nginx_server.py).
"""
from __future__ import annotations

import gzip
import http.client
import os
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from hooks import precompress

from nginx_server import CONF, SUBPATH, SUBPATH_CONF, check_in_stock_config, serve_with_nginx, site_conf
from site_pages import SITE

WASM = "assets/vendor/pyodide/pyodide.asm.wasm"
NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=600, must-revalidate"
JS_TYPES = ("text/javascript", "application/javascript")


@pytest.fixture(scope="module")
def nginx(built_site, tmp_path_factory):
    with serve_with_nginx(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def type(self):
        return (self.header("Content-Type") or "").split(";")[0].strip()


def fetch(base, path, *, gzip_ok=False, method="GET", headers=None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = {"Accept-Encoding": "gzip" if gzip_ok else "identity", **(headers or {})}
    try:
        conn.request(method, path, headers=sent)
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


# --- the config file itself ------------------------------------------------------------

@pytest.mark.parametrize("conf, line", [(CONF, "root {}"), (SUBPATH_CONF, "alias {}/")], ids=["root", "subpath"])
def test_only_listen_and_root_are_changed_for_the_test(tmp_path, conf, line):
    original = conf.read_text(encoding="utf-8").splitlines()
    derived = site_conf(tmp_path, 8123, conf).splitlines()
    changed = [(a.strip(), b.strip()) for a, b in zip(original, derived) if a != b]
    assert len(original) == len(derived)
    assert [a.split()[0] for a, _ in changed] == ["listen", line.split()[0]]
    assert ("listen 127.0.0.1:8123;", line.format(tmp_path) + ";") == tuple(b for _, b in changed)


@pytest.mark.parametrize("conf", [CONF, SUBPATH_CONF], ids=["root", "subpath"])
def test_config_fits_into_debians_stock_nginx_conf(tmp_path, conf):
    """Copied to /etc/nginx/conf.d/ next to Debian's default site: valid, and no warning
    about this file (a clashing server_name, a duplicate type …)."""
    result = check_in_stock_config(tmp_path, conf)
    assert result.returncode == 0, result.stderr
    assert conf.name not in result.stderr, result.stderr


def _shared(conf) -> list[str]:
    """The lines the two configs must share: types, compression, cache map, headers."""
    text = conf.read_text(encoding="utf-8").replace("$handbook_subpath_cache_control", "$handbook_cache_control")
    keep = ("map ", "types", "gzip", "brotli", "add_header", "charset", "default_type", '"~', "default ")
    body = text[text.index("map $uri $handbook_cache_control"):text.index("# --- Files")]
    return [line.strip() for line in body.splitlines() if line.strip().startswith(keep)
            or (line.startswith("        ") and line.strip().endswith(";") and "/" in line and " " in line.strip())]


def test_the_subpath_config_keeps_in_step_with_the_root_one():
    assert _shared(SUBPATH_CONF) == _shared(CONF)


# --- precompression (hooks/precompress.py) ---------------------------------------------

def test_wasm_is_sent_as_its_brotli_twin_to_a_client_that_accepts_it(nginx, built_site):
    import brotli

    r = fetch(nginx, "/" + WASM, headers={"Accept-Encoding": "gzip, br"})
    assert r.status == 200 and r.type == "application/wasm" and r.header("Content-Encoding") == "br"
    assert r.body == (built_site / (WASM + ".br")).read_bytes()
    assert len(r.body) < (built_site / (WASM + ".gz")).stat().st_size
    assert brotli.decompress(r.body) == (built_site / WASM).read_bytes()


def test_the_build_wrote_gzip_twins_that_decompress_to_their_files(built_site):
    hook = precompress
    twins = sorted(built_site.rglob("*.gz"))
    assert (built_site / (WASM + ".gz")).is_file(), "the build did not precompress pyodide.asm.wasm"
    missing = []
    for path in built_site.rglob("*"):
        if path.suffix in hook.SUFFIXES and path.is_file() and path.stat().st_size >= hook.MIN_SIZE:
            if not path.with_name(path.name + ".gz").is_file():
                packed = hook.compress(path.read_bytes())
                if len(packed) <= path.stat().st_size * hook.MAX_RATIO:
                    missing.append(str(path.relative_to(built_site)))
    assert not missing, f"files over 1 KB without a .gz twin: {missing[:10]}"
    for twin in twins:
        plain = twin.with_suffix("")
        assert plain.is_file(), f"{twin.relative_to(built_site)} has no plain file"
        assert gzip.decompress(twin.read_bytes()) == plain.read_bytes(), f"stale twin {twin.relative_to(built_site)}"


def test_a_large_page_gets_fast_brotli_and_a_large_vendored_file_the_best(tmp_path):
    """Pages are written anew by every build: brotli 5 at any size (quality 11 on the 20x
    benchmark's 230 KB+ pages took most of the build); a large copied file gets 11, once."""
    import brotli
    # Like a large site's page: a long nav.
    text = "".join(f'<li class="md-nav__item"><a href="../section-{i}/page-{i % 7}/" class="md-nav__link">'
                   f"Section {i}, page {i % 7}</a></li>\n" for i in range(3000)).encode()
    assert len(text) > 256 * 1024
    page, script = tmp_path / "index.html", tmp_path / "vendor.js"
    for path in (page, script):
        path.write_bytes(text)
        precompress.write_twins(path)
    assert page.with_name("index.html.br").read_bytes() == brotli.compress(text, quality=5)
    assert script.with_name("vendor.js.br").read_bytes() == brotli.compress(text, quality=11)


def test_twins_are_deterministic_gzip_9(built_site):
    hook = precompress
    for rel in ("index.html", "search/search_docs.json", WASM):
        plain = built_site / rel
        twin = plain.with_name(plain.name + ".gz").read_bytes()
        assert twin == hook.compress(plain.read_bytes()), rel
        assert twin[4:8] == b"\0\0\0\0", f"{rel}.gz carries an mtime"
        assert twin[2] == 8 and twin[8] == 2, f"{rel}.gz is not deflate at level 9"


def test_precompress_removes_stale_twins_and_skips_small_or_incompressible_files(tmp_path):
    hook = precompress
    (tmp_path / "big.js").write_text("console.log('x');\n" * 200)
    (tmp_path / "small.css").write_text("a{}")
    (tmp_path / "small.css.gz").write_bytes(gzip.compress(b"old content"))  # from an earlier build
    (tmp_path / "random.wasm").write_bytes(os.urandom(8192))  # incompressible
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + b"\0" * 5000)
    count, before, after = hook.precompress(tmp_path)
    assert (tmp_path / "big.js.gz").is_file() and count == 1 and after < before
    assert not (tmp_path / "small.css.gz").exists()
    assert not (tmp_path / "random.wasm.gz").exists()
    assert not (tmp_path / "photo.png.gz").exists()


# --- MIME types and compression through nginx ------------------------------------------------

def test_wasm_is_application_wasm_and_sent_as_its_gzip_twin(nginx, built_site):
    plain = (built_site / WASM).read_bytes()
    r = fetch(nginx, "/" + WASM, gzip_ok=True)
    assert r.status == 200
    assert r.type == "application/wasm"
    assert r.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (r.header("Vary") or "")
    # gzip_static sends the file from disk (with its length), not an on-the-fly compression.
    assert r.body == (built_site / (WASM + ".gz")).read_bytes()
    assert int(r.header("Content-Length")) == len(r.body)
    assert gzip.decompress(r.body) == plain
    identity = fetch(nginx, "/" + WASM)
    assert identity.header("Content-Encoding") is None and identity.body == plain


def test_a_gzipped_wheel_decodes_to_the_exact_wheel(nginx, built_site):
    # Pyodide checks each wheel's sha256 (pyodide-lock.json) on the bytes fetch() decodes.
    wheel = next(built_site.glob("assets/vendor/pyodide/tzdata-*.whl"))
    assert wheel.with_name(wheel.name + ".gz").is_file(), "the tzdata wheel compresses by a third: it needs a twin"
    r = fetch(nginx, "/" + str(wheel.relative_to(built_site)), gzip_ok=True)
    assert r.type in ("application/zip", "application/octet-stream") and r.header("Content-Encoding") == "gzip"
    assert gzip.decompress(r.body) == wheel.read_bytes()


@pytest.mark.parametrize("path, expected", [
    ("/assets/vendor/pyodide/pyodide.mjs", JS_TYPES),
    ("/assets/vendor/pyodide/pyodide.asm.mjs", JS_TYPES),
    ("/assets/javascripts/workers/rules-worker.js", JS_TYPES),
    ("/assets/vendor/pyodide/pyodide-lock.json", ("application/json",)),
    ("/search/search_index.json", ("application/json",)),
    ("/site.webmanifest", ("application/manifest+json",)),
    ("/assets/vendor/pyodide/python_stdlib.zip", ("application/zip", "application/octet-stream")),
    ("/index.html", ("text/html",)),
])
def test_content_types(nginx, path, expected):
    r = fetch(nginx, path, method="HEAD")
    assert r.status == 200, path
    assert r.type in expected, f"{path}: {r.type}"


def test_wheels_are_zip(nginx, built_site):
    wheels = sorted(built_site.glob("assets/vendor/pyodide/*.whl"))
    assert wheels
    for wheel in wheels:
        r = fetch(nginx, "/" + str(wheel.relative_to(built_site)), method="HEAD")
        assert r.status == 200 and r.type in ("application/zip", "application/octet-stream")


def test_every_kind_of_file_the_build_writes_has_a_type(nginx, built_site):
    """A new kind of file (say .woff2) must get its type in handbook.conf's `types` block."""
    by_suffix = defaultdict(list)
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix:
            by_suffix[path.suffix].append(path)
    untyped = []
    for suffix, paths in sorted(by_suffix.items()):
        r = fetch(nginx, "/" + str(paths[0].relative_to(built_site)), method="HEAD")
        assert r.status == 200, paths[0]
        if r.type == "application/octet-stream":
            untyped.append(suffix)
    assert not untyped, f"served as application/octet-stream: {untyped}"


def test_text_is_utf8_and_gzip_is_negotiated(nginx):
    r = fetch(nginx, "/conduct/telephone/", gzip_ok=True)
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    assert r.header("Content-Encoding") == "gzip"
    assert "电话" in gzip.decompress(r.body).decode("utf-8")


# --- caching ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/index.html", "/conduct/telephone/", "/en/conduct/telephone/",
                                  "/en/", "/tools/"])
def test_pages_are_revalidated_every_time(nginx, path):
    r = fetch(nginx, path)
    assert r.status == 200 and r.type == "text/html"
    assert r.header("Cache-Control") == NO_CACHE
    # Revalidation is cheap: the ETag comes back as a 304, still with the header.
    again = fetch(nginx, path, headers={"If-None-Match": r.header("ETag")})
    assert again.status == 304 and again.header("Cache-Control") == NO_CACHE


@pytest.mark.parametrize("path", ["/search/search_index.json", "/en/search/search_index.json"])
def test_search_indexes_are_revalidated_every_time(nginx, path):
    r = fetch(nginx, path)
    assert r.status == 200 and r.type == "application/json"
    assert r.header("Cache-Control") == NO_CACHE


def test_service_worker_is_revalidated_every_time(nginx, built_site):
    # The service worker (hooks/service_worker.py) is at the site root; a cached copy
    # would pin an old build, so the browser must check it on every load.
    assert (built_site / "sw.js").is_file(), "site/sw.js is missing: the service worker hook did not run"
    r = fetch(nginx, "/sw.js")
    assert r.status == 200 and r.type in JS_TYPES
    assert r.header("Cache-Control") == NO_CACHE
    for runtime in built_site.glob("workbox-*.js"):
        assert fetch(nginx, "/" + runtime.name).header("Cache-Control") == NO_CACHE


def test_manifest_is_revalidated_every_time(nginx):
    r = fetch(nginx, "/site.webmanifest")
    assert r.status == 200 and r.header("Cache-Control") == NO_CACHE


def test_fingerprinted_material_assets_are_immutable(nginx, built_site):
    hashed = (sorted(built_site.glob("assets/javascripts/bundle.*.min.js"))
              + sorted(built_site.glob("assets/javascripts/workers/search.*.min.js"))
              + sorted(built_site.glob("assets/stylesheets/*.*.min.css")))
    assert len(hashed) >= 4, hashed
    for path in hashed:
        r = fetch(nginx, "/" + str(path.relative_to(built_site)), gzip_ok=True)
        assert r.status == 200 and r.header("Cache-Control") == IMMUTABLE, path


@pytest.mark.parametrize("path", ["/assets/javascripts/rules-widget.js", "/assets/stylesheets/handbook.css",
                                  "/assets/vendor/qrcode-generator/qrcode.mjs", "/" + WASM])
def test_unfingerprinted_assets_get_a_short_max_age(nginx, path):
    assert fetch(nginx, path, method="HEAD").header("Cache-Control") == SHORT


# --- URLs, errors, security headers ----------------------------------------------------------

@pytest.mark.parametrize("path", ["/conduct/telephone/", "/en/conduct/telephone/"])
def test_directory_urls(nginx, built_site, path):
    r = fetch(nginx, path)
    assert r.status == 200
    assert r.body == (built_site / path.strip("/") / "index.html").read_bytes()


def test_directory_without_slash_is_redirected_to_it(nginx):
    # Pages link relatively (../../), so /conduct/telephone must become /conduct/telephone/.
    r = fetch(nginx, "/conduct/telephone")
    assert r.status == 301 and r.header("Location") == "/conduct/telephone/"


def test_missing_path_gives_the_404_page(nginx, built_site):
    r = fetch(nginx, "/no/such/page/")
    assert r.status == 404
    assert r.body == (built_site / "404.html").read_bytes()
    assert r.header("Content-Security-Policy") and r.header("Cache-Control") == NO_CACHE


@pytest.mark.parametrize("path, page", [("/no/such/page/", "404.html"), ("/conduct/no-such-page", "404.html"),
                                        ("/en/no/such/page/", "en/404.html"), ("/en/conduct/no-such-page", "en/404.html")])
def test_a_missing_path_gives_the_404_page_of_its_language(nginx, built_site, path, page):
    r = fetch(nginx, path)
    assert r.status == 404 and r.body == (built_site / page).read_bytes()
    assert ('lang="en"' if page.startswith("en/") else 'lang="zh"') in r.body.decode()


@pytest.mark.parametrize("path", ["/", "/assets/javascripts/workers/rules-worker.js", "/" + WASM, "/sw.js"])
def test_security_headers_on_every_response(nginx, path):
    r = fetch(nginx, path, method="HEAD")
    assert r.header("X-Content-Type-Options") == "nosniff"
    csp = r.header("Content-Security-Policy")
    # Workers get the policy of their own script, so scripts carry it as well as pages.
    assert csp and "default-src 'self'" in csp and "'wasm-unsafe-eval'" in csp
    assert "'unsafe-eval'" not in csp, "eval() must stay blocked; Pyodide needs only 'wasm-unsafe-eval'"
    assert "http:" not in csp and "https:" not in csp and "*" not in csp, "only this site may be a source"
    assert r.header("Server") == "nginx", "server_tokens off: no version in the Server header"


# --- the same site under a path (handbook-subpath.conf) ---------------------------------------

@pytest.fixture(scope="module")
def subpath(built_site, tmp_path_factory):
    with serve_with_nginx(built_site, tmp_path_factory.mktemp("nginx-subpath"), SUBPATH_CONF) as url:
        yield url


@pytest.mark.parametrize("path", ["", "conduct/telephone/", "en/", "en/conduct/telephone/"])
def test_pages_under_the_subpath(subpath, built_site, path):
    r = fetch(subpath, SUBPATH + path, gzip_ok=True)
    assert r.status == 200 and r.type == "text/html" and r.header("Content-Encoding") == "gzip"
    assert gzip.decompress(r.body) == (built_site / path / "index.html").read_bytes()
    assert r.header("Cache-Control") == NO_CACHE and "default-src 'self'" in r.header("Content-Security-Policy")


@pytest.mark.parametrize("path, location", [("/handbook", "/handbook/"),
                                            ("/handbook/conduct/telephone", "/handbook/conduct/telephone/")])
def test_the_subpath_redirects_to_the_slash(subpath, path, location):
    r = fetch(subpath, path)
    assert r.status == 301 and r.header("Location") == location


def test_subpath_caching_and_twins(subpath, built_site):
    assert fetch(subpath, SUBPATH + "sw.js").header("Cache-Control") == NO_CACHE
    assert fetch(subpath, SUBPATH + "search/search_docs.json").header("Cache-Control") == NO_CACHE
    bundle = next(built_site.glob("assets/javascripts/bundle.*.min.js")).relative_to(built_site)
    assert fetch(subpath, SUBPATH + str(bundle), method="HEAD").header("Cache-Control") == IMMUTABLE
    r = fetch(subpath, SUBPATH + WASM, headers={"Accept-Encoding": "br"})
    assert r.type == "application/wasm" and r.header("Content-Encoding") == "br"


def test_subpath_404_is_the_sites_404_page(subpath, built_site):
    r = fetch(subpath, SUBPATH + "no/such/page/")
    assert r.status == 404 and r.body == (built_site / "404.html").read_bytes()
    r = fetch(subpath, SUBPATH + "en/no/such/page/")
    assert r.status == 404 and r.body == (built_site / "en" / "404.html").read_bytes()
    assert fetch(subpath, "/conduct/telephone/").status == 404, "the site must only be under /handbook/"
