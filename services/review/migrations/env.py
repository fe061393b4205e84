from services.common.migrations import run_env
from services.review.models import metadata

run_env(metadata)
