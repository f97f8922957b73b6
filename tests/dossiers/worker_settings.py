"""Settings of the worker process that the worker tests start: the test settings, but tasks are
not run eagerly (a retry must go back to the broker, not run inline) and the default queue is the
test's own, so that retries published by the worker come back to it."""

import os

from atmp_advisor.test_settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["ATMP_TEST_QUEUE"]
