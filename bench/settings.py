"""Benchmark settings: the test settings plus a trivial view as the latency baseline."""

from atmp_advisor.test_settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
