"""Synthetic claimants of the Xing'an League, 2017–2026: a population to measure and test on.

Deterministic per seed (NumPy's PCG64). These are made-up people, not statistics of the
league. Each distribution below says where it comes from: ASSUMPTION (a round share chosen to
exercise every rule; no published figure for the league's claimants exists, see
PUBLISHED) or a PUBLISHED figure (copied into this module with its source).

- separation date: uniform over 2017-01-01 … 2026-12-31. ASSUMPTION (no seasonality known).
- claim: 70% within 0–30 days of the separation, 25% within 31–90, 5% within 91–730
  (late claims); 40% have a registration date recorded, uniform between the two. ASSUMPTION.
- age at separation: normal, mean 42, sd 11, clipped to 16–66 (some near or past
  retirement); the birthday uniform over the year. ASSUMPTION (the only age profile found is
  Shanghai's claimants in 2005, a big-city proxy not used).
- sex 55% male. ASSUMPTION (the 2010 census's urban unemployed are 51.4% male, a proxy of
  the unemployed, not of claimants). Position 85% worker, 15% cadre; insured 80% as
  employees, 20% flexible. ASSUMPTION.
- contribution months: exponential, mean 96, capped at 480; 5% exactly on a tier edge
  (11, 12, 59, 60, 119, 120). ASSUMPTION.
- separation reason: contract expired 35%, dismissed 10%, employer closed 8%, discharged 3%,
  mutual agreement on the employer's proposal 12%, resigned for the employer's fault 4%,
  other statutory 3%, mutual agreement on the worker's proposal 10%, resigned 15%;
  a registered reason for 10% (half the same, half another). ASSUMPTION (the census splits
  job losers, not claimants, by cause).
- insured area: 乌兰浩特市 152201 35%, 阿尔山市 152202 8%, 科右前旗 152221 17%,
  科右中旗 152222 15%, 扎赉特旗 152223 15%, 突泉县 152224 9%, none recorded 1%.
  ASSUMPTION (no area's UI figures were found for 2017–2025).
- prior unused months: 0 for 90%, else 1–24; receiving a pension 2%; not seeking work 3%;
  spouse receiving benefit 3%. ASSUMPTION.
- events (`--events`): 45% one stop event, 5% a second; kinds re-employed 60%, employer
  contributions 15%, self-employed 10%, pension started 5%, refused work or training 4%,
  died 3%, military service, emigrated and imprisoned 1% each; the date uniform over the 30
  months after the claim. ASSUMPTION.
- size (`weight`, `--weight`): PUBLISHED and derived. The league had 9.00万 people insured
  against unemployment at the end of 2016; nationally 608万 people were paid benefit in 2021
  out of 22,958万 insured, 2.648% a year. So about 2,383 people a year are paid in the
  league (derived), 23,835 over the ten years; with the ASSUMPTION that 60% of claims are
  paid (PAID_SHARE; tests/test_impact_synth.py checks it against the engine), the sample
  stands for 39,725 claims, and each row weighs 39,725 / n.
- check: the average monthly benefit of the synthetic 2021 claims is below the national
  average of 1,585 yuan (2021) and above 60% of it (the league pays from its minimum wage,
  lower than the national average); a test.

Every table carries these in its schema metadata (`uibenefit.synth`, JSON), which the impact
report prints, so synthetic totals are never mistaken for official ones.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ..values.claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES
from . import _dates as D

FIRST = dt.date(2017, 1, 1)
LAST = dt.date(2026, 12, 31)

REASON_SHARES = {
    "contract_expired": 35,
    "dismissed": 10,
    "employer_closed": 8,
    "discharged": 3,
    "mutual_agreement_employer": 12,
    "resigned_employer_fault": 4,
    "other_statutory": 3,
    "mutual_agreement_employee": 10,
    "resigned": 15,
}
AREA_SHARES = {
    "152201": 35,
    "152202": 8,
    "152221": 17,
    "152222": 15,
    "152223": 15,
    "152224": 9,
}
AREA_NONE_SHARE = 1
EVENT_SHARES = {
    "reemployed": 60,
    "employer_contributions": 15,
    "self_employed": 10,
    "pension_started": 5,
    "refused_job_or_training": 4,
    "died": 3,
    "military_service": 1,
    "emigrated": 1,
    "imprisoned": 1,
}
TIER_EDGES = (11, 12, 59, 60, 119, 120)


@dataclass(frozen=True)
class Figure:
    """A published figure the synthetic league is sized or checked against, with its source."""

    figure: str
    value: float
    year: int
    source: str
    certainty: str
    use: str


LEAGUE_INSURED = Figure(
    "兴安盟 失业保险参保人数 (year-end)",
    90_000,
    2016,
    "兴安盟2016年国民经济和社会发展统计公报 (4), mirror web.xiaze.org",
    "reprint",
    "size: the league's insured",
)
NATIONAL_PAID = Figure(
    "national: people paid 失业保险金 in the year (flow)",
    6_080_000,
    2021,
    "2021 人社 statistical bulletin, per 人民日报海外版 2022-06-08",
    "reprint",
    "size: the share of the insured paid in a year",
)
NATIONAL_INSURED = Figure(
    "national: 失业保险参保人数",
    229_580_000,
    2021,
    "2021 人社 statistical bulletin, per 人民日报海外版 2022-06-08",
    "reprint",
    "size: the share of the insured paid in a year",
)
NATIONAL_MONTHLY = Figure(
    "national: 失业保险金月人均水平 (yuan)",
    1585,
    2021,
    "2021 人社 statistical bulletin, per 人民日报海外版 2022-06-08",
    "reprint",
    "check: the synthetic 2021 claims' average month is below it and above 60% of it",
)
PUBLISHED = (LEAGUE_INSURED, NATIONAL_PAID, NATIONAL_INSURED, NATIONAL_MONTHLY)
"""The figures used, copied from the statistics gathered for this project (2026-12)."""

YEARS = LAST.year - FIRST.year + 1
PAID_SHARE = 0.60
"""ASSUMPTION: the share of synthetic claims that are paid (checked against the engine)."""
PAID_PER_YEAR = LEAGUE_INSURED.value * NATIONAL_PAID.value / NATIONAL_INSURED.value
"""Derived: people paid benefit in the league in a year, at the national rate of 2021."""
CLAIMS = PAID_PER_YEAR * YEARS / PAID_SHARE
"""Derived: the claims of the league over 2017–2026 a weighted sample stands for."""

ASSUMPTIONS = (
    ("separation date", "uniform over 2017-01-01 … 2026-12-31"),
    ("claim delay", "70% 0–30 days, 25% 31–90, 5% 91–730; 40% a registration date"),
    ("age at separation", "normal, mean 42, sd 11, clipped to 16–66"),
    ("sex, position, insured as", "55% male; 85% worker; 80% employee, 20% flexible"),
    ("contribution months", "exponential, mean 96, cap 480; 5% on a tier edge"),
    (
        "separation reason",
        "75% involuntary (7 reasons), 25% voluntary (2); 10% a registered reason",
    ),
    (
        "insured area",
        "乌兰浩特市 35%, 阿尔山市 8%, 科右前旗 17%, 科右中旗 15%, 扎赉特旗 15%, 突泉县 9%, none 1%",
    ),
    (
        "other fields",
        "10% prior unused months; 2% pension; 3% not seeking work; 3% spouse receiving",
    ),
    ("events", "45% one stop event, 5% two; re-employed 60% …; date within 30 months of the claim"),
    ("share of claims paid", f"{PAID_SHARE:.0%} (PAID_SHARE), used to size the weight"),
)


def description(n: int, seed: int, weighted: bool) -> dict[str, object]:
    """What a synthetic table is, for its metadata and the impact report."""
    note = (
        f"SYNTHETIC: {n} made-up claimants of the Xing'an League (seed {seed}); the shares are "
        "assumptions unless listed as published figures"
    )
    if weighted:
        note += (
            f". Each row weighs {CLAIMS / n:.4f}: the sample stands for {CLAIMS:,.0f} claims "
            f"over {YEARS} years, about {PAID_PER_YEAR:,.0f} people paid a year (derived from "
            "the published figures)"
        )
    return {
        "note": note,
        "seed": seed,
        "n": n,
        "published_figures": [asdict(f) for f in PUBLISHED],
        "assumptions": [{"name": k, "value": v} for k, v in ASSUMPTIONS],
    }


def _pick(rng: np.random.Generator, shares: dict[str, int], n: int) -> npt.NDArray[np.int64]:
    weights = np.array(list(shares.values()), dtype=np.float64)
    out: npt.NDArray[np.int64] = rng.choice(len(shares), size=n, p=weights / weights.sum())
    return out


def _dictionary(
    codes: npt.NDArray[np.int64], names: tuple[str, ...], null: npt.NDArray[np.bool_] | None = None
) -> pa.DictionaryArray:
    indices = pa.array(codes.astype(np.int8), mask=null)
    return pa.DictionaryArray.from_arrays(indices, pa.array(names, type=pa.string()))


def _dates(days: npt.NDArray[np.integer], null: npt.NDArray[np.bool_] | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=null).cast(pa.date32())


def claimants(n: int, seed: int, *, first_id: int = 0, weight_for: int | None = None) -> pa.Table:
    """`n` synthetic claimants (ids first_id …), deterministic for a seed.

    `weight_for`: add a `weight` column scaling a sample of that many rows (all partitions
    together) to the league's claims (see the module's "size").
    """
    rng = np.random.default_rng(seed)
    lo, hi = D.days_of(FIRST), D.days_of(LAST)
    separation = rng.integers(lo, hi + 1, n)
    band = rng.random(n)
    delay = np.where(
        band < 0.70,
        rng.integers(0, 31, n),
        np.where(band < 0.95, rng.integers(31, 91, n), rng.integers(91, 731, n)),
    )
    application = separation + delay
    recorded = rng.random(n) < 0.40
    registration = separation + (rng.random(n) * (delay + 1)).astype(np.int64)
    registration = np.minimum(registration, application)
    age = np.clip(np.round(rng.normal(42, 11, n)), 16, 66).astype(np.int64)
    birth_year_start = D.add_months(separation.astype(np.int32), -12 * age)
    birth = birth_year_start - rng.integers(1, 366, n)
    months = np.minimum(rng.exponential(96, n).astype(np.int64), 480)
    edge = rng.random(n) < 0.05
    months = np.where(edge, np.array(TIER_EDGES)[rng.integers(0, len(TIER_EDGES), n)], months)
    reason = _pick(rng, REASON_SHARES, n)
    reason_codes = np.array([SEPARATION_REASONS.index(r) for r in REASON_SHARES])[reason]
    registered = rng.random(n)
    other = rng.integers(0, len(SEPARATION_REASONS), n)
    registered_reason = np.where(registered < 0.05, reason_codes, other)
    registered_null = registered >= 0.10
    area_names = (*AREA_SHARES, "")
    area = _pick(rng, {**AREA_SHARES, "": AREA_NONE_SHARE}, n)
    area_null = area == len(AREA_SHARES)
    prior = np.where(rng.random(n) < 0.10, rng.integers(1, 25, n), 0)
    columns = {
        "id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        "birth_date": _dates(birth),
        "sex": _dictionary((rng.random(n) >= 0.55).astype(np.int64), SEXES),
        "position": _dictionary((rng.random(n) < 0.15).astype(np.int64), POSITIONS),
        "insured_as": _dictionary((rng.random(n) < 0.20).astype(np.int64), INSURED_AS),
        "contribution_months": pa.array(months.astype(np.int32)),
        "separation_date": _dates(separation),
        "separation_reason": _dictionary(reason_codes, SEPARATION_REASONS),
        "application_date": _dates(application),
        "registration_date": _dates(registration, ~recorded),
        "insured_area": _dictionary(np.where(area_null, 0, area), area_names, area_null),
        "prior_unused_months": pa.array(prior.astype(np.int32)),
        "receiving_pension": pa.array(rng.random(n) < 0.02),
        "seeking_work": pa.array(rng.random(n) >= 0.03),
        "registered_reason": _dictionary(registered_reason, SEPARATION_REASONS, registered_null),
        "spouse_receiving_benefit": pa.array(rng.random(n) < 0.03),
    }
    if weight_for is not None:
        columns["weight"] = pa.array(np.full(n, CLAIMS / weight_for))
    described = description(weight_for or n, seed, weight_for is not None)
    meta = {"uibenefit.synth": json.dumps(described, ensure_ascii=False)}
    return pa.table(columns).replace_schema_metadata(meta)


def events(people: pa.Table, seed: int) -> pa.Table:
    """Stop events for a synthetic population (see the module's shares), sorted by id."""
    rng = np.random.default_rng([seed, 1])
    n = people.num_rows
    ids = np.asarray(people.column("id"))
    app = np.asarray(people.column("application_date").cast(pa.int32()))
    draw = rng.random(n)
    one = draw < 0.45
    two = draw < 0.05
    owners = np.concatenate([np.flatnonzero(one), np.flatnonzero(two)])
    owners.sort(kind="stable")
    m = len(owners)
    kind = _pick(rng, EVENT_SHARES, m)
    kinds = tuple(EVENT_SHARES)
    on = app[owners] + rng.integers(0, 913, m)
    return pa.table(
        {
            "id": pa.array(ids[owners]),
            "kind": _dictionary(kind, kinds),
            "on": _dates(on),
        }
    )
