"""The service levels as the rules receive them (validated, dumped to plain data)."""
from handbook.data_files import service_levels

LEVELS = service_levels().model_dump()
OFFICE_HOURS = LEVELS["office_hours"]
