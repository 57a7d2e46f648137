"""Run by Pyodide's own Python inside Node (compile_stdlib.mjs, trim.mjs): a zip's modules
compiled to bytecode for the very interpreter that will load them.

zipimport loads an `x.pyc` with no `x.py` beside it as is, so a browser never compiles what
this compiled. Deterministic: unchecked-hash pycs (no timestamps), fixed zip dates, members in
the source's order: same input, same bytes (with PYTHONHASHSEED=0, which the scripts set).
"""
import importlib.util
import marshal
import zipfile

FLAGS = (0b01).to_bytes(4, "little")  # hash-based, unchecked: no timestamp, never re-validated


def compile_zip(src_path, out_path, prefix, compress, optimize=0):
    """Every .py of the zip at src_path as .pyc at out_path, other members as they are.

    prefix: the path zipimport gives the zip's modules (tracebacks read the same as from
    source). compress: deflate the members, or store them so that the server's gzip or
    brotli over the whole file finds what the files have in common. optimize: compile()'s
    (2: without docstrings and asserts, as `python -OO` would; the standard library is
    written and tested to run so).
    Returns (compiled, kept): how many modules were compiled, and the .py files that do not
    compile (kept as source)."""
    compiled, kept = 0, []
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(out_path, "w") as out:
        for info in src.infolist():
            name, data = info.filename, src.read(info)
            if name.endswith(".py"):
                try:
                    code = compile(data, prefix + name, "exec", dont_inherit=True, optimize=optimize)
                except (SyntaxError, ValueError):
                    kept.append(name)
                else:
                    name += "c"
                    data = importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)
                    compiled += 1
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = info.external_attr
            entry.create_system = 3
            entry.compress_type = zipfile.ZIP_DEFLATED if compress and data else zipfile.ZIP_STORED
            out.writestr(entry, data, compresslevel=9 if compress else None)
    return compiled, kept
