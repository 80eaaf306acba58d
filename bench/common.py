"""Shared helpers of the benchmark: an Odoo environment on jm_bench, the scale."""

import contextlib
import os
import statistics

DB = os.environ.get("BENCH_DB", "jm_bench")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
RUNS = max(int(os.environ.get("BENCH_RUNS", "5")), 1)
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, ".work")
# Creation without chatter messages or tracking values: a history, not a session.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def scaled(count, minimum=1):
    return max(int(round(count * SCALE)), minimum)


def load_odoo():
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    args = [f"--addons-path={os.environ['BENCH_ADDONS_PATH']}", "-d", DB, "--log-level=warn"]
    for option in ("db_host", "db_port", "db_user"):  # the load cluster (bench/load)
        if os.environ.get(f"BENCH_{option.upper()}"):
            args.append(f"--{option}={os.environ[f'BENCH_{option.upper()}']}")
    if os.environ.get("BENCH_DATA_DIR"):
        args.append(f"--data-dir={os.environ['BENCH_DATA_DIR']}")
    config.parse_config(args)
    odoo.tools.config["workers"] = 0
    return odoo


@contextlib.contextmanager
def environment(context=None):
    odoo = load_odoo()
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    registry = odoo.modules.registry.Registry(DB)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, dict(context or {}))


def summary(values):
    values = list(values)
    if not values:
        return {}
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "n": len(values),
    }
