"""Funding totals without double counting, with per-year and one-off amounts kept apart."""

from __future__ import annotations

import pandas as pd

from icc.frames import isin

# Amounts that count as mobilised: granted, won, or given in kind.
MOBILISES = ("acquis", "lauréat", "en nature")


def years(frame: pd.DataFrame) -> pd.Series:
    """Number of years a per-year amount is paid (1 when the period is not given)."""
    start, end = frame["annee_debut"], frame["annee_fin"]
    span = (end - start + 1).where(start.notna() & end.notna())
    return span.fillna(1).astype("Int64").clip(lower=1)


def cumulated(frame: pd.DataFrame) -> pd.Series:
    """Amount over the whole period: per-year amounts times their number of years."""
    factor = years(frame).where(frame["recurrence"] == "annuel", 1)
    return frame["montant_eur"] * factor.astype("Float64")


def annualised(frame: pd.DataFrame) -> pd.Series:
    """Amount per year: one-off amounts spread over their period."""
    factor = years(frame).where(frame["recurrence"] == "ponctuel", 1)
    return frame["montant_eur"] / factor.astype("Float64")


def roots(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose parent envelope is not in ``frame``: summing them never counts twice."""
    return frame[~isin(frame["parent"], frame["id"])]


def leaves(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with no child in ``frame``."""
    return frame[~isin(frame["id"], frame["parent"].dropna())]


# What a total reads (``total``, ``scope``, statuses, the approximate flag): a caller that only
# totals selects these first, so each row mask takes nine columns, not all of them.
TOTALLED = ["id", "parent", "perimetre", "statut", "montant_eur", "recurrence"]
TOTALLED += ["annee_debut", "annee_fin", "approximatif"]


def total(frame: pd.DataFrame, mode: str = "cumule") -> float:
    top = roots(frame)
    amounts = cumulated(top) if mode == "cumule" else annualised(top)
    return float(amounts.sum())


def mobilised(frame: pd.DataFrame, public_only: bool = True) -> pd.DataFrame:
    """Funding that reaches the territory and is granted (public funders only by default)."""
    keep = ~frame["perimetre"].isin(["France", "Europe"]) & frame["statut"].isin(MOBILISES)
    if public_only:
        keep &= frame["financeur_niveau"] != "privé"
    return frame[keep]


def by_level(frame: pd.DataFrame, mode: str = "cumule") -> pd.Series:
    """Total per funder level, without double counting, largest first."""
    top = roots(frame)
    return amounts(top, mode).groupby(top["financeur_niveau"]).sum().sort_values(ascending=False)


# --- views for the Financements page ---------------------------------------------------

TERRITOIRE, NATIONAL = "territoire", "national"
MODES = {"cumule": "Montants cumulés sur la période", "annuel": "Montants moyens par an"}


def scope(frame: pd.DataFrame, perimetre: str) -> pd.DataFrame:
    national = frame["perimetre"].isin(["France", "Europe"])
    return frame[national] if perimetre == NATIONAL else frame[~national]


def amounts(frame: pd.DataFrame, mode: str) -> pd.Series:
    return cumulated(frame) if mode == "cumule" else annualised(frame)


def by_programme(frame: pd.DataFrame, mode: str) -> pd.DataFrame:
    """Total per programme and funder level, each euro counted once (top-level rows only)."""
    top = roots(frame).assign(montant=lambda d: amounts(d, mode))
    grouped = top.groupby(["programme", "financeur_niveau"], as_index=False, observed=True)["montant"].sum()
    order = grouped.groupby("programme")["montant"].sum().sort_values().index
    grouped["programme"] = pd.Categorical(grouped["programme"], categories=list(order), ordered=True)
    return grouped.sort_values(["programme", "financeur_niveau"]).reset_index(drop=True)


def by_status(frame: pd.DataFrame, mode: str) -> pd.DataFrame:
    top = roots(frame).assign(montant=lambda d: amounts(d, mode))
    return top.groupby("statut", as_index=False)["montant"].sum().sort_values("montant", ascending=False)


def hierarchy(frame: pd.DataFrame, mode: str) -> pd.DataFrame:
    """Nodes programme → envelope → nested envelope, for a treemap with branchvalues="total".

    A node's value is the larger of its own amount and the sum of its children, so the
    chart never shows children larger than their parent, and nothing is counted twice.
    """
    rows = frame.assign(montant=amounts(frame, mode))
    # Plain lists: iterating Arrow-backed columns value by value took most of the time at scale.
    ids = rows["id"].tolist()
    in_frame = set(ids)
    parents = [
        p if isinstance(p, str) and p in in_frame else f"programme:{prog}"
        for p, prog in zip(rows["parent"].tolist(), rows["programme"].tolist(), strict=True)
    ]
    value = dict(zip(ids, rows["montant"].astype(float).tolist(), strict=True))
    children: dict[str, list[str]] = {}
    for node, parent in zip(ids, parents, strict=True):
        children.setdefault(parent, []).append(node)
    totals: dict[str, float] = {}  # each node's total once (a parent's was computed again for each child)

    def total(node: str) -> float:
        if node not in totals:
            kids = sum(total(k) for k in children.get(node, []))
            totals[node] = max(value.get(node, 0.0), kids)
        return totals[node]

    programmes = sorted({p for p in parents if p.startswith("programme:")})
    nodes = [
        {"node": p, "tree_parent": "", "label": p.removeprefix("programme:"), "statut": "", "value": total(p)}
        for p in programmes
    ]
    nodes += [
        {"node": n, "tree_parent": tp, "label": lab, "statut": st, "value": total(n)}
        for n, tp, lab, st in zip(ids, parents, rows["beneficiaire"].tolist(), rows["statut"].tolist(), strict=True)
    ]
    return pd.DataFrame(nodes, columns=["node", "tree_parent", "label", "statut", "value"])


def timeline(frame: pd.DataFrame) -> pd.DataFrame:
    """Funding periods: one bar per envelope with a known start year."""
    rows = frame[frame["annee_debut"].notna()].copy()
    rows["debut"] = rows["annee_debut"].astype(int)
    rows["fin"] = rows["annee_fin"].fillna(rows["annee_debut"]).astype(int)
    rows["duree"] = rows["fin"] - rows["debut"] + 1
    return rows.sort_values(["debut", "fin"])[
        ["id", "programme", "beneficiaire", "debut", "fin", "duree", "montant_eur", "recurrence", "statut", "famille"]
    ]


def _root(rows: pd.DataFrame, nodes: pd.DataFrame) -> pd.Series:
    """Each row's programme node, following its parents (a few levels deep)."""
    parent_of = dict(zip(nodes["node"], nodes["tree_parent"], strict=True))
    root = rows["tree_parent"].astype(object)
    deeper = root.map(parent_of).fillna("")
    for _ in range(len(nodes)):  # a node whose parent still has a parent: go one level up
        if not (deeper != "").any():
            break
        root = root.where(deeper == "", deeper)
        deeper = root.map(parent_of).fillna("")
    return root


OTHERS_NODE = "autres:"  # the node adding up the programmes beyond the largest (its label is the caller's)


def largest_nodes(
    nodes: pd.DataFrame, limit: int = 150, programmes: int | None = None
) -> tuple[pd.DataFrame, int, int]:
    """The largest programmes (at most ``programmes``; None: all) and at most ``limit`` of the
    largest envelopes under them (a node is kept only with its parent); the programmes beyond are
    one node, ``OTHERS_NODE``, whose value is the exact sum of theirs. Returns the nodes, how many
    envelopes are left out and how many programmes the others node adds up (0: none, no such
    node). Values are unchanged: a parent's value is already at least the sum of its children, so
    the treemap stays exact."""
    is_programme = nodes["tree_parent"] == ""
    envelopes = nodes[~is_programme]
    grouped = 0
    if programmes is not None and int(is_programme.sum()) > programmes:
        ranked = nodes[is_programme].sort_values("value", ascending=False, kind="stable")
        rest = ranked.iloc[programmes:]
        grouped = len(rest)
        other = pd.DataFrame(
            [{"node": OTHERS_NODE, "tree_parent": "", "label": "", "statut": "", "value": float(rest["value"].sum())}]
        )
        nodes = pd.concat([nodes[~nodes["node"].isin(rest["node"])], other], ignore_index=True)
        is_programme = nodes["tree_parent"] == ""
    elif len(envelopes) <= limit:
        return nodes, 0, 0
    kept = set(nodes.loc[is_programme, "node"])
    candidates = nodes[~is_programme]
    if grouped:  # only envelopes of the programmes drawn compete for the ``limit`` places
        candidates = candidates[_root(candidates, nodes).isin(kept).to_numpy()]
    candidates = candidates.sort_values("value", ascending=False, kind="stable").head(limit)
    while True:  # keep nodes whose parent is kept, until nothing changes
        grown = candidates[candidates["tree_parent"].isin(kept)]
        new = set(grown["node"]) - kept
        if not new:
            break
        kept |= new
    out = nodes[nodes["node"].isin(kept)]
    return out, len(envelopes) - int((out["tree_parent"] != "").sum()), grouped
