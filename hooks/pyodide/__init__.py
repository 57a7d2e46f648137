"""Pyodide inside the site: the bundle hook (bundle.py: the runtime from npm, its standard
library compiled to bytecode by compile_stdlib.mjs, the pinned wheels and our service_norms
wheel, with a pyodide-lock.json), and node_check.mjs, which runs that bundle in Node."""
