"""Import the build helpers in scripts/ (mkdocs hooks are files, not a package)."""
import importlib.util
from functools import lru_cache

from site_pages import ROOT


def _load(name: str, filename: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def search_index_hook():
    return _load("search_index_hook", "search_index.py")


@lru_cache(maxsize=None)
def pyodide_bundle_hook():
    return _load("pyodide_bundle_hook", "pyodide_bundle.py")


@lru_cache(maxsize=None)
def print_all_hook():
    return _load("print_all_hook", "print_all.py")
