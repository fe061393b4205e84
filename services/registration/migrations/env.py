from services.common.migrations import run_env
from services.registration.models import metadata

run_env(metadata)
