"""Import the build helpers in scripts/ (mkdocs hooks are files, not a package)."""
import importlib.util
from functools import lru_cache

from site_pages import ROOT


@lru_cache(maxsize=None)
def search_index_hook():
    spec = importlib.util.spec_from_file_location("search_index_hook", ROOT / "scripts" / "search_index.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
