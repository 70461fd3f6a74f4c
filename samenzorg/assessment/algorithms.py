"""Pure computation for assessing initiatives and choosing promising areas.

Plain data in, plain data out: this module imports neither Django nor other
parts of the project, so it can be tested and benchmarked alone.

Contents:

- ``aggregate``: mean or median per initiative and criterion, weighted score.
- ``bootstrap_intervals``: uncertainty of the weighted score, resampling raters.
- ``agreement``: rater agreement as the intraclass correlation ICC(1)
  (one-way random effects), which works when raters score different subsets.
- ``contributions``: each criterion's share of an initiative's score.
- ``weight_sensitivity``: per weight, the range that keeps the top k the same.
- ``median_weights``: median of 100-point weight divisions.
- ``rater_plan``/``rater_assignment``: balanced subsets so that every initiative
  gets at least r raters.
- ``area_scores``/``dominant_problem``: one need score per area from
  normalised indicators, and the problem type that stands out most.
- ``select_areas``/``explain_selection``: exact choice of k areas (MILP, HiGHS).
"""

from __future__ import annotations

import itertools
import math
import random
import warnings
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "AttrDict",
    "SelectionInfeasible",
    "aggregate",
    "agreement",
    "area_scores",
    "bootstrap_intervals",
    "contributions",
    "dominant_problem",
    "explain_selection",
    "median_weights",
    "rank",
    "rater_assignment",
    "rater_plan",
    "select_areas",
    "validate_point_division",
    "weight_sensitivity",
]


class AttrDict(dict):
    """A dict whose keys can also be read as attributes (``r.score``)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


class SelectionInfeasible(ValueError):
    """No selection of areas meets the constraints; the message says which."""

    def __init__(self, message: str, constraint: str = ""):
        super().__init__(message)
        self.constraint = constraint


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------


def _encode(rows: Sequence, n: int) -> tuple[np.ndarray, list]:
    """Integer codes 0…k-1 for the values in field ``n`` of ``rows``, and the values.

    Small non-negative integers (database ids) take a vectorised path in
    ascending order; anything else is coded in order of first appearance.
    """
    column = None
    if type(rows[0][n]) is int:
        column = list(map(itemgetter(n), rows))
        try:
            values = np.asarray(column)
        except (OverflowError, ValueError):
            values = None
        if (
            values is not None
            and values.dtype.kind == "i"
            and values.min() >= 0
            and values.max() < 4 * len(column) + 64
        ):
            present = np.bincount(values) > 0
            keys = np.flatnonzero(present)
            lookup = np.cumsum(present) - 1
            return lookup[values], keys.tolist()
    return _factorize(
        column if column is not None else map(itemgetter(n), rows), len(rows)
    )


def _factorize(column: Iterable, size: int) -> tuple[np.ndarray, list]:
    """Codes in order of first appearance, in one pass without Python bytecode.

    ``index.setdefault(value, row)`` stores the row of the first appearance of
    each value and returns it for every later one; the dict keeps the values
    in order of appearance, so numbering their first rows gives the codes.
    """
    index: dict = {}
    first = np.fromiter(
        map(index.setdefault, column, itertools.count()), dtype=np.int64, count=size
    )
    firsts = np.fromiter(index.values(), dtype=np.int64, count=len(index))
    lookup = np.empty(size, dtype=np.int64)
    lookup[firsts] = np.arange(len(index))
    return lookup[first], list(index)


def _group_median(keys: np.ndarray, values: np.ndarray, n_groups: int):
    """Median of ``values`` per group ``keys`` (vectorised).

    Whole-number scales (1–5, 0–10) are counted per group and value; other
    values are sorted by (group, value).
    """
    if values.size:
        low = values.min()
        span = int(values.max() - low) + 1
        if (
            span <= 1000
            and n_groups * span <= 50_000_000
            and np.all(values == np.round(values))
        ):
            offset = (values - low).astype(np.int64)
            hist = np.bincount(keys * span + offset, minlength=n_groups * span)
            cum = hist.reshape(n_groups, span).cumsum(axis=1)
            counts = cum[:, -1]
            lo = (cum <= ((counts - 1) // 2)[:, None]).sum(axis=1)
            hi = (cum <= (counts // 2)[:, None]).sum(axis=1)
            medians = np.where(counts > 0, (lo + hi) / 2.0 + low, np.nan)
            return medians, counts
    order = np.lexsort((values, keys))
    sorted_keys = keys[order]
    sorted_values = values[order]
    counts = np.bincount(keys, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    medians = np.full(n_groups, np.nan)
    present = counts > 0
    lo = starts[present] + (counts[present] - 1) // 2
    hi = starts[present] + counts[present] // 2
    medians[present] = (sorted_values[lo] + sorted_values[hi]) / 2.0
    del sorted_keys
    return medians, counts


def _score_arrays(scores: Iterable, method: str):
    """Shared first step of ``aggregate`` and ``bootstrap_intervals``."""
    if method not in ("mean", "median"):
        raise ValueError(f"Unknown method {method!r}: use 'mean' or 'median'.")
    rows = scores if isinstance(scores, list | tuple) else list(scores)
    if not rows:
        return None
    if set(map(len, rows)) != {4}:
        raise ValueError("Each score is (participant, initiative, criterion, value).")
    p, p_keys = _encode(rows, 0)
    i, i_keys = _encode(rows, 1)
    c, c_keys = _encode(rows, 2)
    try:
        v = np.fromiter(map(itemgetter(3), rows), dtype=float, count=len(rows))
    except (TypeError, ValueError):
        v = np.asarray(list(map(itemgetter(3), rows)), dtype=float)
    if not np.all(np.isfinite(v)):
        raise ValueError("Scores must be finite numbers.")
    return p, i, c, v, p_keys, i_keys, c_keys


def _weight_vector(weights: Mapping, c_keys: list) -> np.ndarray:
    w = np.array([float(weights.get(key, 0.0)) for key in c_keys], dtype=float)
    if np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ValueError("Weights must be non-negative numbers.")
    return w


def _weighted(m: np.ndarray, present: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ_c w_c·m[i,c] / Σ_c w_c over the criteria present for i (NaN if Σw = 0)."""
    wm = np.where(present, m, 0.0) * w
    wsum = present @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            wsum > 0, wm.sum(axis=1) / np.where(wsum > 0, wsum, 1.0), np.nan
        )


def aggregate(scores: Iterable, weights: Mapping, method: str = "mean") -> dict:
    """Weighted score per initiative.

    ``scores``: iterable of ``(participant, initiative, criterion, value)``.
    ``weights``: criterion → non-negative number (any scale; a criterion not in
    the mapping weighs 0). For each initiative i and criterion c, m[i,c] is the
    mean (or median) of the values given for (i, c); missing scores are left out.
    The score is Σ_c w_c·m[i,c] / Σ_c w_c over the criteria with a value for i,
    or ``None`` when those criteria all weigh 0.

    Returns initiative → ``AttrDict(score, per_criterion, raters, ratings)``, in
    order of first appearance. ``raters`` counts distinct participants;
    ``ratings`` counts values.
    """
    arrays = _score_arrays(scores, method)
    if arrays is None:
        return {}
    p, i, c, v, p_keys, i_keys, c_keys = arrays
    n_i, n_c, n_p = len(i_keys), len(c_keys), len(p_keys)
    w = _weight_vector(weights, c_keys)
    cell = i * n_c + c
    if method == "mean":
        counts = np.bincount(cell, minlength=n_i * n_c)
        sums = np.bincount(cell, weights=v, minlength=n_i * n_c)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = sums / counts
    else:
        m, counts = _group_median(cell, v, n_i * n_c)
    m = m.reshape(n_i, n_c)
    present = counts.reshape(n_i, n_c) > 0
    weighted = _weighted(m, present, w)
    if n_i * n_p <= 4 * len(p) + 1024:
        seen = np.bincount(i * n_p + p, minlength=n_i * n_p) > 0
        raters = seen.reshape(n_i, n_p).sum(axis=1)
    else:
        raters = np.bincount(np.unique(i * n_p + p) // n_p, minlength=n_i)
    ratings = np.bincount(i, minlength=n_i)
    result = {}
    m_list = m.tolist()
    present_list = present.tolist()
    for n, key in enumerate(i_keys):
        score = weighted[n]
        result[key] = AttrDict(
            score=None if math.isnan(score) else float(score),
            per_criterion={
                c_keys[j]: m_list[n][j] for j in range(n_c) if present_list[n][j]
            },
            raters=int(raters[n]),
            ratings=int(ratings[n]),
        )
    return result


def rank(results: Mapping, key=None) -> list:
    """Initiatives ordered by score (high first); ties by ``key`` (default: str)."""
    key = key or str
    scored = [(i, r["score"]) for i, r in results.items() if r["score"] is not None]
    return [i for i, _ in sorted(scored, key=lambda item: (-item[1], key(item[0])))]


def contributions(per_criterion: Mapping, weights: Mapping) -> dict:
    """Each criterion's share w_c·m_c / Σw of the score; the shares sum to it."""
    total = sum(float(weights.get(c, 0.0)) for c in per_criterion)
    if total <= 0:
        return dict.fromkeys(per_criterion, 0.0)
    return {
        c: float(weights.get(c, 0.0)) * float(m) / total
        for c, m in per_criterion.items()
    }


def bootstrap_intervals(
    scores: Iterable,
    weights: Mapping,
    method: str = "mean",
    *,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict:
    """Percentile bootstrap interval of each initiative's weighted score.

    For each initiative its raters are drawn with replacement (as many as it
    has), all their values for it kept together, and the weighted score
    recomputed. Seeded: the same input and seed give the same intervals.
    Returns initiative → ``(low, high)`` (``(None, None)`` without a score).
    """
    arrays = _score_arrays(scores, method)
    if arrays is None:
        return {}
    p, i, c, v, p_keys, i_keys, c_keys = arrays
    n_i, n_c, n_p = len(i_keys), len(c_keys), len(p_keys)
    w = _weight_vector(weights, c_keys)
    # Rater-initiative pairs, grouped by initiative.
    pair_codes, pair_of_row = np.unique(i * n_p + p, return_inverse=True)
    pair_init = pair_codes // n_p
    per_init = np.bincount(pair_init, minlength=n_i)
    start = np.concatenate(([0], np.cumsum(per_init)[:-1]))
    n_pairs = len(pair_codes)
    rng = np.random.default_rng(seed)
    cell = i * n_c + c
    n_cells = n_i * n_c
    if method == "median":
        order = np.lexsort((v, cell))
        cell_sorted, v_sorted = cell[order], v[order]
        pair_sorted = pair_of_row[order]
    if method == "mean":
        from scipy.sparse import csr_array

        shape = (n_pairs, n_cells)
        pair_sums = csr_array((v, (pair_of_row, cell)), shape=shape)
        pair_counts = csr_array((np.ones_like(v), (pair_of_row, cell)), shape=shape)
    draws = np.empty((n_resamples, n_i))
    # Resamples in chunks, each one vectorised: a chunk holds at most ~2M cells.
    chunk = max(1, min(n_resamples, 2_000_000 // max(len(v), n_pairs, 1)))
    first = start[pair_init]
    size = per_init[pair_init]
    for b0 in range(0, n_resamples, chunk):
        nb = min(chunk, n_resamples - b0)
        picks = first + np.floor(rng.random((nb, n_pairs)) * size).astype(np.int64)
        offsets = (np.arange(nb, dtype=np.int64) * n_pairs)[:, None]
        multiplicity = (
            np.bincount((picks + offsets).ravel(), minlength=nb * n_pairs)
            .reshape(nb, n_pairs)
            .astype(float)
        )
        if method == "mean":
            # Cell totals are the pairs' totals weighted by how often each
            # pair was drawn: one sparse product per chunk.
            counts = np.asarray((pair_counts.T @ multiplicity.T).T)
            sums = np.asarray((pair_sums.T @ multiplicity.T).T)
            with np.errstate(invalid="ignore", divide="ignore"):
                m = (sums / counts).reshape(nb, n_i, n_c)
            present = counts.reshape(nb, n_i, n_c) > 0
            wm = (np.where(present, m, 0.0) * w).sum(axis=2)
            wsum = present @ w
            with np.errstate(invalid="ignore", divide="ignore"):
                draws[b0 : b0 + nb] = np.where(
                    wsum > 0, wm / np.where(wsum > 0, wsum, 1.0), np.nan
                )
        else:
            for j in range(nb):
                row_w = multiplicity[j][pair_sorted]
                m, counts = _weighted_group_median(
                    cell_sorted, v_sorted, row_w, n_cells
                )
                draws[b0 + j] = _weighted(
                    m.reshape(n_i, n_c), counts.reshape(n_i, n_c) > 0, w
                )
    alpha = (1.0 - confidence) / 2.0
    if n_resamples == 0:
        return dict.fromkeys(i_keys, (None, None))
    if np.isnan(draws).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            bounds = np.nanquantile(draws, [alpha, 1.0 - alpha], axis=0)
    else:
        bounds = np.quantile(draws, [alpha, 1.0 - alpha], axis=0)
    out = {}
    for n, key in enumerate(i_keys):
        low, high = bounds[0, n], bounds[1, n]
        out[key] = (None, None) if math.isnan(low) else (float(low), float(high))
    return out


def _weighted_group_median(keys_sorted, values_sorted, counts_per_row, n_groups):
    """Median per group of a multiset: rows sorted by (group, value), with counts."""
    total = np.bincount(keys_sorted, weights=counts_per_row, minlength=n_groups)
    cum = np.cumsum(counts_per_row)
    before = np.concatenate(([0.0], np.cumsum(total)[:-1]))
    medians = np.full(n_groups, np.nan)
    present = total > 0
    t = total[present]
    lo_pos = before[present] + np.floor((t - 1) / 2)
    hi_pos = before[present] + np.floor(t / 2)
    lo = np.searchsorted(cum, lo_pos, side="right")
    hi = np.searchsorted(cum, hi_pos, side="right")
    medians[present] = (values_sorted[lo] + values_sorted[hi]) / 2.0
    return medians, total


def agreement(scores: Iterable) -> dict:
    """Rater agreement per criterion as ICC(1), one-way random effects.

    Each initiative is a group of ratings by different raters, so raters may
    score different subsets. Unequal group sizes use the usual n0 correction.
    Returns criterion → ``AttrDict(icc1, icck, initiatives, ratings, label)``:
    ``icc1`` the reliability of one rater, ``icck`` that of the mean of the
    raters (Spearman-Brown on the average number of raters). ``None`` when it
    cannot be computed (fewer than two initiatives with ratings, no spread).
    ``label`` follows Koo & Li (2016): poor < 0.5 ≤ moderate < 0.75 ≤ good < 0.9
    ≤ excellent.
    """
    arrays = _score_arrays(scores, "mean")
    if arrays is None:
        return {}
    _p, i, c, v, _p_keys, i_keys, c_keys = arrays
    n_i = len(i_keys)
    out = {}
    for j, criterion in enumerate(c_keys):
        mask = c == j
        groups = i[mask]
        values = v[mask]
        sizes = np.bincount(groups, minlength=n_i).astype(float)
        present = sizes > 0
        n_total = float(sizes.sum())
        a = int(present.sum())
        result = AttrDict(
            icc1=None, icck=None, initiatives=a, ratings=int(n_total), label="unknown"
        )
        out[criterion] = result
        if a < 2 or n_total - a < 1:
            continue
        sums = np.bincount(groups, weights=values, minlength=n_i)
        means = np.divide(sums, sizes, out=np.zeros(n_i), where=present)
        grand = values.sum() / n_total
        msb = float((sizes[present] * (means[present] - grand) ** 2).sum() / (a - 1))
        msw = float(((values - means[groups]) ** 2).sum() / (n_total - a))
        n0 = (n_total - (sizes[present] ** 2).sum() / n_total) / (a - 1)
        denominator = msb + (n0 - 1) * msw
        if denominator <= 0:
            continue
        icc1 = (msb - msw) / denominator
        result["icc1"] = float(icc1)
        result["icck"] = float((msb - msw) / msb) if msb > 0 else None
        result["label"] = agreement_label(icc1)
    return out


def agreement_label(icc: float | None) -> str:
    if icc is None:
        return "unknown"
    if icc < 0.5:
        return "poor"
    if icc < 0.75:
        return "moderate"
    if icc < 0.9:
        return "good"
    return "excellent"


# ---------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------


def validate_point_division(points: Mapping, criteria: Sequence, total: int = 100):
    """Check a division of ``total`` points over ``criteria``; Dutch message if not."""
    unknown = set(points) - set(criteria)
    if unknown:
        raise ValueError("Onbekend criterium in de verdeling.")
    values = [points.get(c, 0) for c in criteria]
    if any((not isinstance(x, int)) or x < 0 for x in values):
        raise ValueError("Geef per criterium een heel getal van 0 of meer.")
    if sum(values) != total:
        raise ValueError(
            f"Verdeel precies {total} punten; u verdeelde er nu {sum(values)}."
        )


def median_weights(divisions: Iterable[Mapping], criteria: Sequence) -> dict:
    """Median points per criterion over all divisions (missing counts as 0).

    Returns criterion → median (not rescaled: weights work on any scale).
    Empty input → ``{}``.
    """
    divisions = list(divisions)
    if not divisions:
        return {}
    matrix = np.array(
        [[float(d.get(c, 0)) for c in criteria] for d in divisions], dtype=float
    )
    medians = np.median(matrix, axis=0)
    return {c: float(m) for c, m in zip(criteria, medians, strict=True)}


def weight_sensitivity(
    per_criterion: Mapping, weights: Mapping, k: int, key=None
) -> dict:
    """For each weight, the range in which the top k (as a set) stays the same.

    ``per_criterion``: initiative → {criterion: m[i,c]} (as from ``aggregate``).
    Other weights stay fixed while one moves. Returns criterion →
    ``AttrDict(weight, low, high, smallest_change, direction, enters, leaves)``:
    the top k is the same for every weight strictly between ``low`` and
    ``high`` (``high`` may be ``math.inf``); ``smallest_change`` is the distance
    to the nearest end where it changes (``None`` when it never does);
    ``direction`` is "up" or "down"; ``enters``/``leaves`` name the initiatives
    that swap there.
    """
    key = key or str
    items = sorted(per_criterion, key=key)
    criteria = list(dict.fromkeys(c for i in items for c in per_criterion[i]))
    criteria += [c for c in weights if c not in criteria]
    n = len(items)
    if n == 0 or k <= 0 or k >= n:
        return {
            c: AttrDict(
                weight=float(weights.get(c, 0.0)),
                low=0.0,
                high=math.inf,
                smallest_change=None,
                direction=None,
                enters=None,
                leaves=None,
            )
            for c in criteria
        }
    m = np.array(
        [[float(per_criterion[i].get(c, 0.0)) for c in criteria] for i in items]
    )
    h = np.array(
        [[c in per_criterion[i] for c in criteria] for i in items], dtype=float
    )
    w = np.array([float(weights.get(c, 0.0)) for c in criteria])
    current = _weighted(m, h > 0, w)
    order = sorted(
        range(n),
        key=lambda x: (
            math.isnan(current[x]),
            -np.nan_to_num(current[x]),
            key(items[x]),
        ),
    )
    top = np.array(order[:k])
    rest = np.array(order[k:])
    out = {}
    for j, criterion in enumerate(criteria):
        t0 = w[j]
        others = w.copy()
        others[j] = 0.0
        a_all = (np.where(h > 0, m, 0.0) * others).sum(axis=1)
        b_all = (h * others).sum(axis=1)
        hj = h[:, j]
        mj = m[:, j]
        # s_x(t) = (A_x + t·h_x·m_x) / (B_x + t·h_x); sign of s_a − s_b is the
        # sign of q2·t² + q1·t + q0 (both denominators positive).
        aa, ab = a_all[top][:, None], a_all[rest][None, :]
        ba, bb = b_all[top][:, None], b_all[rest][None, :]
        ha, hb = hj[top][:, None], hj[rest][None, :]
        ma, mb = mj[top][:, None], mj[rest][None, :]
        q2 = ha * hb * (ma - mb) + 0.0 * aa
        q1 = aa * hb + ha * ma * bb - ab * ha - hb * mb * ba
        q0 = aa * bb - ab * ba
        roots = _positive_roots(q2, q1, q0)
        # A root at the current weight is a tie now: the set changes on the
        # side where the top member falls behind (sign of the derivative).
        at_t0 = np.abs(roots - t0) <= 1e-9 * max(1.0, t0)
        slope = (2 * q2 * t0 + q1)[..., None]
        up_ok = (~at_t0 & (roots > t0)) | (at_t0 & (slope < 0))
        down_ok = (~at_t0 & (roots < t0)) | (at_t0 & (slope > 0))
        roots = np.where(at_t0, t0, roots)
        up = np.where(up_ok, roots, np.inf).min(axis=-1)
        down = np.where(down_ok, roots, -np.inf).max(axis=-1)
        high = float(up.min()) if up.size else math.inf
        low_raw = float(down.max()) if down.size else -math.inf
        low = max(low_raw, 0.0)
        change_up = high - t0 if math.isfinite(high) else None
        change_down = t0 - low_raw if low_raw >= 0 and math.isfinite(low_raw) else None
        result = AttrDict(
            weight=float(t0),
            low=low,
            high=high,
            smallest_change=None,
            direction=None,
            enters=None,
            leaves=None,
        )
        candidates = [
            (change, direction, grid)
            for change, direction, grid in (
                (change_up, "up", up),
                (change_down, "down", -down),
            )
            if change is not None
        ]
        if candidates:
            change, direction, grid = min(
                candidates, key=lambda x: (x[0], x[1] != "up")
            )
            flat = int(np.argmin(grid))
            a_idx, b_idx = np.unravel_index(flat, grid.shape)
            result["smallest_change"] = float(change)
            result["direction"] = direction
            result["leaves"] = items[top[a_idx]]
            result["enters"] = items[rest[b_idx]]
        out[criterion] = result
    return out


def _positive_roots(q2, q1, q0):
    """Non-negative simple roots of q2·t² + q1·t + q0, per pair.

    Returns an array of shape ``q0.shape + (2,)`` with NaN where there is no
    such root. Double roots (touching without a sign change) are left out.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        linear = np.abs(q2) < 1e-15
        disc = q1 * q1 - 4 * q2 * q0
        sq = np.sqrt(np.where(disc > 0, disc, np.nan))
        r1 = np.where(
            linear,
            np.where(np.abs(q1) > 1e-15, -q0 / q1, np.nan),
            (-q1 - sq) / (2 * q2),
        )
        r2 = np.where(linear, np.nan, (-q1 + sq) / (2 * q2))
    roots = np.stack([r1, r2], axis=-1)
    roots = np.where(np.isfinite(roots) & (roots >= 0), roots, np.nan)
    return roots


# ---------------------------------------------------------------------------
# Rater assignment
# ---------------------------------------------------------------------------


def rater_plan(
    n_initiatives: int,
    expected_participants: int,
    r: int,
    max_per_person: int | None = None,
) -> AttrDict:
    """Whether every initiative can get at least ``r`` raters.

    Returns ``AttrDict(feasible, per_person, participants_needed, message)``:
    ``per_person`` is the number of initiatives each participant scores
    (⌈r·n / participants⌉); ``participants_needed`` the fewest people that
    reach r raters each within ``max_per_person``. ``message`` is Dutch.
    ``rater_assignment`` never gives anyone more than ``max_per_person``; when
    the plan is not feasible, some initiatives get fewer than r raters until
    ``participants_needed`` people have joined.
    """
    n, p = int(n_initiatives), int(expected_participants)
    if r < 1 or n < 0 or p < 0:
        raise ValueError(
            "r, the number of initiatives and participants must be positive."
        )
    cap = n if max_per_person is None else min(int(max_per_person), n)
    per_person = math.ceil(r * n / p) if p else None
    needed = max(r, math.ceil(r * n / cap)) if cap > 0 else (0 if n == 0 else None)
    if n == 0:
        return AttrDict(
            feasible=True,
            per_person=0,
            participants_needed=0,
            message="Er zijn geen initiatieven in deze ronde.",
        )
    if p < r:
        message = (
            f"Met {p} deelnemers kan een initiatief geen {r} beoordelaars krijgen. "
            f"Verwacht minstens {needed} deelnemers of kies een lagere r."
        )
        feasible = False
    elif cap <= 0 or per_person > cap:
        message = (
            f"Iedereen moet dan {per_person} initiatieven beoordelen; het maximum per "
            f"persoon is {cap}. Niemand krijgt er meer dan {cap}, dus met {p} "
            f"deelnemers krijgt niet elk initiatief {r} beoordelaars. Verwacht "
            f"minstens {needed} deelnemers, verhoog het maximum of kies een lagere r."
        )
        feasible = False
    else:
        message = (
            f"Haalbaar: met {p} deelnemers beoordeelt iedereen {per_person} "
            f"initiatieven en krijgt elk initiatief minstens {r} beoordelaars."
        )
        feasible = True
    return AttrDict(
        feasible=feasible,
        per_person=per_person,
        participants_needed=needed,
        message=message,
    )


def rater_assignment(
    initiatives: Sequence,
    position: int,
    expected_participants: int,
    r: int,
    seed: int = 0,
    max_per_person: int | None = None,
) -> list:
    """The initiatives for the participant who joined as number ``position`` (0-based).

    The initiatives are shuffled once (seeded) into a cycle; participant j gets
    the window of ``per_person`` items starting at j·per_person. When the
    expected participants have joined, every initiative has at least r raters
    and loads differ by at most one window; more participants continue the
    cycle. Deterministic: the same arguments give the same subset.

    ``max_per_person`` is a hard limit: nobody gets more initiatives, even when
    the expected participants then cannot give every initiative r raters
    (``rater_plan`` says so and how many people are needed; with that many,
    the cycle again reaches r raters each).
    """
    items = list(initiatives)
    n = len(items)
    if n == 0:
        return []
    p = max(int(expected_participants), 1)
    per_person = min(n, math.ceil(r * n / p))
    if max_per_person is not None:
        per_person = min(per_person, max(int(max_per_person), 0))
    cycle = sorted(items, key=str)
    random.Random(seed).shuffle(cycle)  # noqa: S311 - not for security
    begin = position * per_person
    return [cycle[(begin + t) % n] for t in range(per_person)]


def rater_assignments(
    participants: Sequence,
    initiatives: Sequence,
    r: int,
    seed: int = 0,
    max_per_person: int | None = None,
) -> dict:
    """Assignment for a known list of participants (see ``rater_assignment``)."""
    return {
        person: rater_assignment(
            initiatives, j, len(participants), r, seed, max_per_person
        )
        for j, person in enumerate(participants)
    }


# ---------------------------------------------------------------------------
# Area scores
# ---------------------------------------------------------------------------


def area_scores(values: Mapping, indicators: Mapping) -> dict:
    """One score per area from indicators normalised to 0…1.

    ``values``: area → {indicator: number or None}. ``indicators``: indicator →
    ``{"direction": 1 or -1, "weight": w ≥ 0}``; direction 1 means a higher value
    is a higher score (more need, or more kansrijkheid), -1 the opposite. Each
    indicator is min-max scaled over the areas that have it (all equal → 0.5);
    an area's score is the weighted mean over the indicators it has. Returns
    area → ``AttrDict(score, parts)`` with ``parts`` indicator → normalised value;
    ``score`` is ``None`` when the area has no weighted indicator.
    """
    scaled: dict = {area: {} for area in values}
    for name, spec in indicators.items():
        direction = 1 if spec.get("direction", 1) >= 0 else -1
        column = {
            a: float(v[name])
            for a, v in values.items()
            if v.get(name) is not None and math.isfinite(float(v[name]))
        }
        if not column:
            continue
        low, high = min(column.values()), max(column.values())
        for area, x in column.items():
            u = 0.5 if high == low else (x - low) / (high - low)
            scaled[area][name] = u if direction == 1 else 1.0 - u
    out = {}
    for area, parts in scaled.items():
        total = sum(float(indicators[n].get("weight", 1)) for n in parts)
        score = (
            sum(float(indicators[n].get("weight", 1)) * u for n, u in parts.items())
            / total
            if total > 0
            else None
        )
        out[area] = AttrDict(score=score, parts=parts)
    return out


def dominant_problem(
    values: Mapping, indicators: Mapping, city: Mapping | None = None
) -> dict:
    """Suggest each area's problem type: the indicator that stands out most.

    ``values``: area → {indicator: number}; ``indicators``: indicator →
    ``{"direction": 1 or -1, "problem": label}`` (direction 1: higher is worse).
    For each area the standardised deviation from the city,
    direction·(x − city)/sd, is computed per indicator (``city`` defaults to
    the mean over the areas; sd over the areas); the label of the largest
    positive one is suggested. Returns area → ``AttrDict(problem, indicator,
    z)``, with ``None`` when nothing stands out above the city.
    """
    stats = {}
    for name in indicators:
        column = [
            float(v[name])
            for v in values.values()
            if v.get(name) is not None and math.isfinite(float(v[name]))
        ]
        if len(column) < 2:
            continue
        mean = sum(column) / len(column)
        sd = math.sqrt(sum((x - mean) ** 2 for x in column) / (len(column) - 1))
        centre = float(city[name]) if city and city.get(name) is not None else mean
        if sd > 0:
            stats[name] = (centre, sd)
    out = {}
    for area, row in values.items():
        best = (None, None, 0.0)
        for name in sorted(stats):
            if row.get(name) is None:
                continue
            centre, sd = stats[name]
            direction = 1 if indicators[name].get("direction", 1) >= 0 else -1
            z = direction * (float(row[name]) - centre) / sd
            if z > best[2]:
                best = (indicators[name].get("problem") or name, name, z)
        out[area] = AttrDict(
            problem=best[0], indicator=best[1], z=best[2] if best[1] else None
        )
    return out


# ---------------------------------------------------------------------------
# Area selection
# ---------------------------------------------------------------------------


def _canonical(areas):
    """Copies in one fixed order (score high first, then code), so the solver sees
    the same problem whatever order the caller used."""
    return sorted(
        (dict(a) for a in areas), key=lambda a: (-float(a["score"]), str(a["code"]))
    )


def _check_areas(areas):
    codes = [a["code"] for a in areas]
    if len(set(codes)) != len(codes):
        raise ValueError("Area codes must be unique.")
    for a in areas:
        if not math.isfinite(float(a["score"])):
            raise ValueError("Area scores must be finite numbers.")
    return codes


def _has_problem(area) -> bool:
    """Whether the area has a problem type that counts toward the distinct ones.

    ``None`` or an empty label means "no clear problem": such an area can be
    chosen, but adds no type for ``min_distinct_problems``.
    """
    problem = area.get("problem")
    return problem is not None and str(problem).strip() != ""


def _n_areas(n: int) -> str:
    """ "1 gebied", "3 gebieden" (Dutch singular and plural)."""
    return "1 gebied" if n == 1 else f"{n} gebieden"


def _n_problem_types(n: int) -> str:
    """ "1 soort probleem", "3 verschillende soorten problemen"."""
    return "1 soort probleem" if n == 1 else f"{n} verschillende soorten problemen"


def _is_are(n: int) -> str:
    return "is" if n == 1 else "zijn"


def _must(n: int) -> str:
    return "moet" if n == 1 else "moeten"


def _precheck(areas, k, g, d, include, exclude):
    """Simple necessary conditions, each with a Dutch message naming the culprit."""
    codes = {a["code"] for a in areas}
    unknown = sorted(set(include) - codes, key=str)
    if unknown:
        raise SelectionInfeasible(
            f"Het gebied {unknown[0]} moet erin, maar staat niet in de lijst.",
            "include",
        )
    both = sorted(set(include) & set(exclude), key=str)
    if both:
        raise SelectionInfeasible(
            f"Het gebied {both[0]} moet erin én moet eruit; dat kan niet samen.",
            "include",
        )
    available = [a for a in areas if a["code"] not in set(exclude)]
    if k > len(available):
        raise SelectionInfeasible(
            f"U wilt {_n_areas(k)} kiezen, maar er {_is_are(len(available))} er "
            f"maar {len(available)} beschikbaar (na het uitsluiten).",
            "k",
        )
    if len(set(include)) > k:
        raise SelectionInfeasible(
            f"Er {_must(len(set(include)))} {_n_areas(len(set(include)))} "
            f"verplicht in, meer dan de {k} die u kiest.",
            "include",
        )
    if g is not None:
        per_group: dict = {}
        for a in areas:
            if a["code"] in set(include):
                per_group[a["group"]] = per_group.get(a["group"], 0) + 1
        for group in sorted(per_group, key=str):
            if per_group[group] > g:
                raise SelectionInfeasible(
                    f"In {group} {_must(per_group[group])} "
                    f"{_n_areas(per_group[group])} verplicht in, maar het maximum "
                    f"per stadsdeel is {g}.",
                    "max_per_group",
                )
    if d:
        if d > k:
            raise SelectionInfeasible(
                f"U vraagt {_n_problem_types(d)}, maar kiest maar {_n_areas(k)}.",
                "min_distinct_problems",
            )
        problems = {a["problem"] for a in available if _has_problem(a)}
        if len(problems) < d:
            raise SelectionInfeasible(
                f"U vraagt {_n_problem_types(d)}, maar de beschikbare gebieden "
                "hebben er samen "
                + (f"maar {len(problems)}." if problems else "geen."),
                "min_distinct_problems",
            )
    if g is not None:
        groups: dict = {}
        for a in available:
            groups[a["group"]] = groups.get(a["group"], 0) + 1
        reachable = sum(min(g, n) for n in groups.values())
        if k > reachable:
            raise SelectionInfeasible(
                f"Met maximaal {g} per stadsdeel {_is_are(reachable)} er hooguit "
                f"{_n_areas(reachable)} te kiezen, minder dan {k}.",
                "max_per_group",
            )


def _build(areas, k, g, d, include, exclude, cuts=()):
    """Variables x (areas) then y (problems); returns the MILP pieces."""
    n = len(areas)
    problems = (
        sorted({a["problem"] for a in areas if _has_problem(a)}, key=str) if d else []
    )
    n_p = len(problems)
    n_var = n + n_p
    rows, lo, hi = [], [], []
    # Σx = k
    rows.append(np.concatenate([np.ones(n), np.zeros(n_p)]))
    lo.append(k)
    hi.append(k)
    if g is not None:
        groups: dict = {}
        for idx, a in enumerate(areas):
            groups.setdefault(a["group"], []).append(idx)
        for group in sorted(groups, key=str):
            row = np.zeros(n_var)
            row[groups[group]] = 1
            rows.append(row)
            lo.append(-np.inf)
            hi.append(g)
    if d:
        p_index = {p: j for j, p in enumerate(problems)}
        for p in problems:
            # y_p − Σ_{i with problem p} x_i ≤ 0
            row = np.zeros(n_var)
            for idx, a in enumerate(areas):
                if _has_problem(a) and a["problem"] == p:
                    row[idx] = -1
            row[n + p_index[p]] = 1
            rows.append(row)
            lo.append(-np.inf)
            hi.append(0)
        row = np.concatenate([np.zeros(n), np.ones(n_p)])
        rows.append(row)
        lo.append(d)
        hi.append(np.inf)
    index = {a["code"]: idx for idx, a in enumerate(areas)}
    for cut in cuts:
        row = np.zeros(n_var)
        row[[index[c] for c in cut]] = 1
        rows.append(row)
        lo.append(-np.inf)
        hi.append(len(cut) - 1)
    lower = np.zeros(n_var)
    upper = np.ones(n_var)
    for code in include:
        lower[index[code]] = 1
    for code in exclude:
        if code in index:
            upper[index[code]] = 0
    return (
        np.vstack(rows),
        np.array(lo, float),
        np.array(hi, float),
        lower,
        upper,
        n_var,
    )


def _reduce(areas, k, g, include, exclude, extra):
    """Indices of the areas that an optimal choice can need.

    Within one (group, problem) cell, swapping a chosen area for a better one
    of the same cell keeps every constraint, so only the best ``m`` free areas
    per cell can be needed (m = the most a cell can take), plus the included
    ones. With ``extra`` no-good cuts, ``m + extra`` keeps the best other set.
    """
    inc, exc = set(include), set(exclude)
    m = min(k, g) if g is not None else k
    m += extra
    cells: dict = {}
    keep = []
    for idx, a in enumerate(areas):
        if a["code"] in inc:
            keep.append(idx)
        elif a["code"] not in exc:
            problem = a["problem"] if _has_problem(a) else None
            cells.setdefault((a["group"], problem), []).append(idx)
    for members in cells.values():
        members.sort(
            key=lambda idx: (-float(areas[idx]["score"]), str(areas[idx]["code"]))
        )
        keep.extend(members[:m])
    return sorted(keep)


def _solve(areas, k, g, d, include, exclude, cuts=(), time_limit=None):
    """Solve on the reduced set of areas; indices refer to ``areas``."""
    keep = _reduce(areas, k, g, include, exclude, len(cuts))
    kept_codes = {areas[idx]["code"] for idx in keep}
    cuts = [cut for cut in cuts if set(cut) <= kept_codes]
    solved, status = _solve_full(
        [areas[idx] for idx in keep], k, g, d, include, (), cuts, time_limit
    )
    if solved is None:
        return None, status
    chosen, optimal = solved
    return ([keep[idx] for idx in chosen], optimal), status


# 0…100: score differences of 1e-6 of the span stay far above HiGHS's gap;
# a wider span (1000) makes HiGHS repair solutions and print to stdout.
_SOLVER_SPAN = 100.0


def _solver_scale(scores: np.ndarray) -> np.ndarray:
    """Scores shifted and scaled to 0…_SOLVER_SPAN (same order, same best k-set)."""
    if not scores.size:
        return scores
    largest = float(np.abs(scores).max())
    if largest > 0:
        scores = scores / largest  # first to -1…1, so the span cannot overflow
    low = float(scores.min())
    span = float(scores.max()) - low
    if not span > 0:
        return np.zeros_like(scores)
    return (scores - low) * (_SOLVER_SPAN / span)


def _solve_full(areas, k, g, d, include, exclude, cuts=(), time_limit=None):
    """Two phases: the best total, then among those the best-ranked areas."""
    from scipy.sparse import csr_array

    n = len(areas)
    matrix, lo, hi, lower, upper, n_var = _build(areas, k, g, d, include, exclude, cuts)
    matrix = csr_array(matrix)
    scores = np.array([float(a["score"]) for a in areas])
    # HiGHS stops at an absolute gap of 1e-6, which scipy's milp cannot set.
    # Exactly k areas are chosen, so shifting every score by the same amount
    # keeps the best set; scaled to 0…_SOLVER_SPAN, score differences are far
    # above that gap whatever the units (1e-9 or 1e9). Totals are reported in
    # the caller's units.
    raw = scores
    scores = _solver_scale(raw)
    integrality = np.ones(n_var)
    options = {"mip_rel_gap": 0.0, "presolve": True}
    if time_limit:
        options["time_limit"] = float(time_limit)
    c = np.concatenate([-scores, np.zeros(n_var - n)])
    res = milp(
        c,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options=options,
    )
    if res.x is None:
        return None, res.status
    first = np.flatnonzero(res.x[:n] > 0.5)
    optimal = res.status == 0
    best = math.fsum(scores[first])
    best_raw = math.fsum(raw[first])
    # Phase 2: keep the optimal total, prefer areas earlier in the ranking
    # (score high first, then code), so ties are broken the same way each time.
    order = sorted(range(n), key=lambda idx: (-raw[idx], str(areas[idx]["code"])))
    rank_of = np.empty(n)
    rank_of[order] = np.arange(n, dtype=float)
    tol = 1e-9 * max(1.0, abs(best))
    matrix2 = csr_array(
        np.vstack([matrix.toarray(), np.concatenate([scores, np.zeros(n_var - n)])])
    )
    res2 = milp(
        np.concatenate([rank_of, np.zeros(n_var - n)]),
        constraints=LinearConstraint(
            matrix2, np.append(lo, best - tol), np.append(hi, np.inf)
        ),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options=options,
    )
    chosen = first
    if res2.x is not None:
        second = np.flatnonzero(res2.x[:n] > 0.5)
        if len(second) == k and math.fsum(raw[second]) >= best_raw:
            chosen = second
    chosen = sorted(chosen, key=lambda idx: rank_of[idx])
    return (chosen, optimal), res.status


def _diagnose(areas, k, g, d, include, exclude):
    """Name the constraint that breaks the selection when the simple checks pass."""
    if d and g is not None:
        relaxed, _ = _solve(areas, k, None, d, include, exclude)
        if relaxed is not None:
            return SelectionInfeasible(
                f"Minstens {_n_problem_types(d)} gaat niet samen met "
                f"maximaal {_n_areas(g)} per stadsdeel"
                + (" en de verplichte gebieden." if include else "."),
                "min_distinct_problems",
            )
    if d and include:
        return SelectionInfeasible(
            f"Minstens {_n_problem_types(d)} gaat niet samen met de "
            "gebieden die verplicht in moeten.",
            "min_distinct_problems",
        )
    if g is not None and include:
        return SelectionInfeasible(
            f"Maximaal {_n_areas(g)} per stadsdeel gaat niet samen met de "
            "gebieden die verplicht in moeten.",
            "max_per_group",
        )
    return SelectionInfeasible("Geen keuze voldoet aan alle eisen samen.", "")


def select_areas(
    areas: Sequence[Mapping],
    k: int,
    max_per_group: int | None = None,
    min_distinct_problems: int | None = None,
    include: Iterable = (),
    exclude: Iterable = (),
    *,
    time_limit: float | None = None,
) -> AttrDict:
    """Choose exactly k areas with the highest total score under the constraints.

    ``areas``: dicts with ``code``, ``score``, ``problem`` and ``group``.
    ``problem`` may be ``None`` (or empty) for an area without a clear problem:
    it can be chosen, but is no problem type and never counts toward
    ``min_distinct_problems``.
    Constraints: at most ``max_per_group`` per group, at least
    ``min_distinct_problems`` distinct problems, ``include`` in, ``exclude`` out.
    Solved exactly as a MILP with HiGHS (binary x per area, binary y per problem
    with y_p ≤ Σ x over the areas with problem p). Among equally good sets, the
    one with the best-ranked areas (score, then code) is returned.

    Returns ``AttrDict(selected, objective, optimal)``; ``selected`` is ordered
    by score (high first), then code. Raises ``SelectionInfeasible`` (a
    ``ValueError``) with a Dutch message naming the constraint that fails.
    """
    areas = _canonical(areas)
    _check_areas(areas)
    if isinstance(k, bool) or int(k) != k or k < 0:
        raise ValueError("k must be a whole number of 0 or more.")
    k = int(k)
    g = None if max_per_group is None else int(max_per_group)
    if g is not None and g < 0:
        raise ValueError("max_per_group must be 0 or more.")
    d = int(min_distinct_problems or 0)
    include = list(dict.fromkeys(include))
    exclude = list(dict.fromkeys(exclude))
    _precheck(areas, k, g, d, include, exclude)
    if k == 0:
        return AttrDict(selected=[], objective=0.0, optimal=True)
    solved, _status = _solve(areas, k, g, d, include, exclude, time_limit=time_limit)
    if solved is None:
        if _status == 2:
            raise _diagnose(areas, k, g, d, include, exclude)
        raise SelectionInfeasible(
            "Binnen de tijd is geen keuze gevonden. Probeer het opnieuw of maak de "
            "eisen ruimer.",
            "time_limit",
        )
    chosen, optimal = solved
    selected = [areas[idx]["code"] for idx in chosen]
    objective = math.fsum(float(areas[idx]["score"]) for idx in chosen)
    return AttrDict(selected=selected, objective=objective, optimal=bool(optimal))


def explain_selection(
    areas: Sequence[Mapping],
    k: int,
    max_per_group: int | None = None,
    min_distinct_problems: int | None = None,
    include: Iterable = (),
    exclude: Iterable = (),
    *,
    selection: Mapping | None = None,
) -> AttrDict:
    """Why each chosen area is in, what the spread costs, and the best alternative.

    Returns ``AttrDict(selection, plain_top, plain_objective, cost_of_spread,
    reasons, alternative)``: ``plain_top`` is the k best areas by score alone
    (only include/exclude kept); ``cost_of_spread`` = its total minus the
    chosen total (≥ 0); ``reasons`` code → ``AttrDict(rank, reason, score,
    problem, group)`` with reason one of "included", "top", "spread";
    ``alternative`` is the best other set (a no-good cut excludes the chosen
    set), as ``AttrDict(selected, objective, difference, added, removed)``,
    or ``None`` when there is no other feasible set.
    """
    areas = _canonical(areas)
    include = list(dict.fromkeys(include))
    exclude = list(dict.fromkeys(exclude))
    if selection is None:
        selection = select_areas(
            areas, k, max_per_group, min_distinct_problems, include, exclude
        )
    by_code = {a["code"]: a for a in areas}
    ranking = sorted(areas, key=lambda a: (-float(a["score"]), str(a["code"])))
    rank_of = {a["code"]: n + 1 for n, a in enumerate(ranking)}
    plain = select_areas(areas, k, None, None, include, exclude)
    plain_set = set(plain["selected"])
    reasons = {}
    for code in selection["selected"]:
        a = by_code[code]
        if code in include:
            reason = "included"
        elif code in plain_set:
            reason = "top"
        else:
            reason = "spread"
        reasons[code] = AttrDict(
            rank=rank_of[code],
            reason=reason,
            score=float(a["score"]),
            problem=a.get("problem"),
            group=a.get("group"),
        )
    alternative = None
    g = None if max_per_group is None else int(max_per_group)
    d = int(min_distinct_problems or 0)
    if selection["selected"]:
        solved, _ = _solve(
            areas, int(k), g, d, include, exclude, cuts=[selection["selected"]]
        )
        if solved is not None:
            chosen, optimal = solved
            codes = [areas[idx]["code"] for idx in chosen]
            objective = math.fsum(float(areas[idx]["score"]) for idx in chosen)
            alternative = AttrDict(
                selected=codes,
                objective=objective,
                optimal=bool(optimal),
                difference=selection["objective"] - objective,
                added=[c for c in codes if c not in set(selection["selected"])],
                removed=[c for c in selection["selected"] if c not in set(codes)],
            )
    return AttrDict(
        selection=selection,
        plain_top=plain["selected"],
        plain_objective=plain["objective"],
        cost_of_spread=max(0.0, plain["objective"] - selection["objective"]),
        reasons=reasons,
        alternative=alternative,
    )
