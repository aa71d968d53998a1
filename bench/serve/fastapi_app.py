"""The scoring service a team would otherwise write: FastAPI + uvicorn serving the same
scorecard as `icp serve` (the profile.toml named by ICP_BENCH_PROFILE), with the same
request (one lead as a JSON object, `Authorization: Bearer <token>`) and the score and tier
in the answer.

It implements what the benchmark profile uses (number, age, categorical, tag and boolean
attributes with their missing, neutral and unseen points, tiers); it has no hard criteria
and no "insufficient data" rule, which the benchmark profile does not use either
(`insufficient_share = 1.0`, no `[[criteria]]`). bench/serve/bench.py checks a sample of its
answers against icp's before timing anything.
"""

import datetime
import hmac
import os
import tomllib

from fastapi import FastAPI, HTTPException, Request

with open(os.environ["ICP_BENCH_PROFILE"], "rb") as f:
    PROFILE = tomllib.load(f)
TOKEN = os.environ["ICP_BENCH_TOKEN"].encode()
TRUE = {"true", "yes", "1", "t", "y"}
FALSE = {"false", "no", "0", "f", "n"}


def tenths(points):
    return int(round(points * 10))


def compile_attribute(a):
    """A function from the lead's value to the attribute's points in tenths."""
    missing = tenths(a["missing_points"])
    unseen = tenths(a.get("unseen_points", a["neutral_points"]))
    kind = a["kind"]
    if kind in ("number", "age"):
        bins = [(b.get("min"), b.get("max"), tenths(b["points"])) for b in a["bins"]]
        ref = datetime.date.fromisoformat(a["reference_date"]) if kind == "age" else None

        def number(v):
            if kind == "age":
                x = (ref - datetime.date.fromisoformat(str(v)[:10])).days / 365.25
            else:
                x = float(v)
            for lo, hi, p in bins:
                if (lo is None or x >= lo) and (hi is None or x < hi):
                    return p
            return unseen

        score = number
    elif kind == "categorical":
        by_level, other = {}, unseen
        for b in a["bins"]:
            if b.get("other"):
                other = tenths(b["points"])
            else:
                for level in b["levels"]:
                    by_level[level] = tenths(b["points"])

        def score(v):
            return by_level.get(str(v), other)
    elif kind in ("boolean", "tag"):
        by_value = {b["value"]: tenths(b["points"]) for b in a["bins"]}
        tag = a.get("tag")

        def score(v):
            if kind == "tag":
                value = tag in str(v).split(";")
            else:
                text = str(v).strip().lower()
                value = True if text in TRUE else False if text in FALSE else None
            return by_value.get(value, unseen)
    else:
        raise ValueError(f"unknown attribute kind {kind}")

    column = a["column"]

    def points(lead):
        v = lead.get(column)
        return missing if v is None or v == "" else score(v)

    return a["name"], points


ATTRIBUTES = [compile_attribute(a) for a in PROFILE["attributes"]]
TIERS = [(tenths(t["min_score"]), t["name"]) for t in PROFILE["tiers"]]

app = FastAPI()


@app.post("/v1/projects/{project}/score")
async def score(project: int, request: Request):
    auth = request.headers.get("authorization", "")
    if not hmac.compare_digest(auth.removeprefix("Bearer ").encode(), TOKEN):
        raise HTTPException(status_code=401, detail="unknown key")
    lead = await request.json()
    points = {name: f(lead) for name, f in ATTRIBUTES}
    total = sum(points.values())
    tier = next((name for low, name in TIERS[:-1] if total >= low), TIERS[-1][1])
    return {
        "profile_version": 1,
        "score": total / 10,
        "tier": tier,
        "points": {k: v / 10 for k, v in points.items()},
    }
