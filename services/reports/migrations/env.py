from services.common.migrations import run_env
from services.reports.models import metadata

run_env(metadata)
