"""Synthetic claimants of the Xing'an League, 2017–2026: a population to measure and test on.

Deterministic per seed (NumPy's PCG64). These are made-up people, not statistics of the
league; the shares below are round assumptions chosen to exercise every rule:

- separation date: uniform over 2017-01-01 … 2026-12-31.
- claim: 70% within 0–30 days of the separation, 25% within 31–90, 5% within 91–730
  (late claims); 40% have a registration date recorded, uniform between the two.
- age at separation: normal, mean 42, sd 11, clipped to 16–66 (some near or past
  retirement); the birthday uniform over the year.
- sex 55% male; position 85% worker, 15% cadre; insured 80% as employees, 20% flexible.
- contribution months: exponential, mean 96, capped at 480; 5% exactly on a tier edge
  (11, 12, 59, 60, 119, 120).
- separation reason: contract expired 35%, dismissed 10%, employer closed 8%, discharged 3%,
  mutual agreement on the employer's proposal 12%, resigned for the employer's fault 4%,
  other statutory 3%, mutual agreement on the worker's proposal 10%, resigned 15%;
  a registered reason for 10% (half the same, half another).
- insured area: 乌兰浩特市 152201 35%, 阿尔山市 152202 8%, 科右前旗 152221 17%,
  科右中旗 152222 15%, 扎赉特旗 152223 15%, 突泉县 152224 9%, none recorded 1%.
- prior unused months: 0 for 90%, else 1–24; receiving a pension 2%; not seeking work 3%;
  spouse receiving benefit 3%.
- events (`--events`): 45% one stop event, 5% a second; kinds re-employed 60%, employer
  contributions 15%, self-employed 10%, pension started 5%, refused work or training 4%,
  died 3%, military service, emigrated and imprisoned 1% each; the date uniform over the 30
  months after the claim.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ..claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES
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


def claimants(n: int, seed: int, *, first_id: int = 0) -> pa.Table:
    """`n` synthetic claimants (ids first_id …), deterministic for a seed."""
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
    return pa.table(columns)


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
