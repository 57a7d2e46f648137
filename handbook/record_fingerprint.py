"""A job record's fingerprint, the twin of overrides/assets/javascripts/record-fingerprint.js.

SHA-256 over the canonical JSON of the exported run object without the fields an export works
out (`fingerprint`, `step_states`): object keys sorted by their UTF-16 code units, no
whitespace, strings escaped as JavaScript's JSON.stringify escapes them (", \\ and control
characters only; Chinese stays as it is), numbers as JavaScript writes them (an integer-valued
number without a fraction, 1e21 and up or below 1e-6 with an exponent), encoded as UTF-8;
written "sha256:" + 64 lowercase hex digits. Pure functions: `python -m handbook
verify-records FILE` reads the file (tests/twins/ hold both sides to the same digests).

A fingerprint shows that a file is unchanged since it was exported; it proves nobody's
identity: whoever edits a file can compute its new fingerprint.
"""
from __future__ import annotations

import hashlib
import json
import math

EXPORT_ONLY = ("fingerprint", "step_states")
RUNS_FORMAT = "service-norms-runs"


def _number(value: float) -> str:
    """A number as ECMAScript's Number::toString writes it (JSON.stringify's form)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that read back as the same double, as JavaScript does.
    mantissa, _, exp = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # n: the decimal point's place after the first digit of `digits` (ECMAScript's n).
    lead = len(whole + frac) - len((whole + frac).lstrip("0"))
    n = len(whole) - lead + (int(exp) if exp else 0)
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def canonical_json(value) -> str:
    """A value as canonical JSON: what record-fingerprint.js canonicalJson gives."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=_utf16_key)
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical_json(value[k]) for k in keys) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def fingerprint(run: dict) -> str:
    """The run's fingerprint: "sha256:" and 64 hex digits."""
    body = {k: v for k, v in run.items() if k not in EXPORT_ONLY}
    return "sha256:" + hashlib.sha256(canonical_json(body).encode("utf-8", "surrogatepass")).hexdigest()


def check(run: dict) -> str:
    """ "matches", "changed" (the content no longer gives the fingerprint it carries) or "none"."""
    claimed = run.get("fingerprint")
    if not isinstance(claimed, str) or not claimed:
        return "none"
    return "matches" if fingerprint(run) == claimed else "changed"


def check_file(data) -> list[dict]:
    """Each run of a records file ("Export all job records" or one record's JSON) with its check:
    [{index, id, label, signed, check}]. A file that is not one raises ValueError naming why."""
    if not isinstance(data, dict) or data.get("format") != RUNS_FORMAT or not isinstance(data.get("runs"), list):
        raise ValueError(f"expected a JSON object with format {RUNS_FORMAT!r} and a runs list")
    out = []
    for i, run in enumerate(data["runs"]):
        if not isinstance(run, dict):
            raise ValueError(f"runs[{i}]: expected an object")
        out.append({"index": i, "id": run.get("id"), "label": run.get("label") or "", "signed": bool(run.get("signed")),
                    "check": check(run)})
    return out
