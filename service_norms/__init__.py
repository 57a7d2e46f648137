"""Rules of the 三营 after-sales service norms V4.

Pure Python, no I/O: the same modules run in pytest, in the mkdocs macros at build time
and in the browser under Pyodide. Data comes in as parsed YAML/JSON; files are read by
the callers (macros/, tests/, scripts/).
"""
