"""Load the procedure files (checklists/*.yml) and the service levels they refer to."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from service_norms.procedures import Procedure
from service_norms.service_levels import ServiceLevels

from .data_files import ROOT, DataFileError, load, parse

CHECKLISTS = ROOT / "checklists"


def service_levels() -> ServiceLevels:
    return load("service_levels.yml", ServiceLevels)


def load_procedure(path: Path) -> Procedure:
    """Validate one file; a step's `time_limit` must name an entry of data/service_levels.yml."""
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    limits = {t.id for t in service_levels().time_limits}
    procedure = parse(path.read_text(encoding="utf-8"), Procedure, name, context={"time_limits": limits})
    if procedure.id != path.stem:
        raise DataFileError(f"{name}: id: {procedure.id!r} must equal the file name {path.stem!r}")
    return procedure


@lru_cache(maxsize=None)
def procedures() -> dict[str, Procedure]:
    return {p.stem: load_procedure(p) for p in sorted(CHECKLISTS.glob("*.yml"))}


def procedure(procedure_id: str) -> Procedure:
    try:
        return procedures()[procedure_id]
    except KeyError:
        raise DataFileError(f"no procedure {procedure_id!r} in checklists/; expected one of "
                            f"{sorted(procedures())}") from None
