#!/usr/bin/env python3
"""Reference BG/NBD and Gamma-Gamma parameters on UCI Online Retail, from the Python package
`lifetimes`, for the numbers pinned in crates/icp/tests/it/orders.rs
(`online_retail_through_cleaning_rfm_and_clv`).

How to run it (the same pinned versions as bench/clv.sh; bench/.venv made by that script works):

    python3 -m venv bench/.venv
    bench/.venv/bin/pip install lifetimes==0.11.3 autograd==1.9.1 dill==0.4.1 \
        numpy==2.4.6 pandas==3.1.1 scipy==1.17.1
    bench/.venv/bin/python bench/clv_reference.py [ONLINE_RETAIL_CSV_GZ]

The file defaults to $ICP_DATASETS/uci-online-retail/online_retail.csv.gz (ICP_DATASETS
defaults to ../shared/datasets beside the repository). It prints one JSON object: the counts
after cleaning, the fitted parameters and the log-likelihoods in the data's units.

It does what `icp clv --orders FILE` does with its defaults:

- the six cleaning rules of `icp_orders::rfm` in their order, all on, returns dropped: no
  customer id; a missing date, quantity or unit price; an invoice starting with `C` (ASCII
  case-insensitive, trimmed); a negative quantity or amount; a non-product stock code (`POST`,
  `DOT`, `M`, `D`, `C2`, `BANK CHARGES`, `AMAZONFEE`, `CRUK`, `PADS`, `S`, `B`, exact and
  case-insensitive after trimming, or `gift_*`); a unit price <= 0 or an amount of 0. The amount
  of a line is quantity x unit price;
- purchases told apart by calendar day, observed until the day of the last purchase left after
  cleaning (no `--until`, no `--reference-date`): lifetimes'
  `summary_data_from_transaction_data(freq="D")`, then recency and T divided by 7 (continuous
  weeks, as Fader, Hardie & Lee do with CDNOW);
- `BetaGeoFitter(penalizer_coef=0)` on (frequency, recency, T) of every customer and
  `GammaGammaFitter(penalizer_coef=0)` on (frequency, monetary_value) of those with
  frequency > 0: maximum likelihood from ln(theta) = 0.1, as icp's `FitOptions::default()`.
"""

import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

NON_PRODUCT = {"POST", "DOT", "M", "D", "C2", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"}


def default_path():
    root = os.environ.get("ICP_DATASETS") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets"
    )
    return os.path.join(root, "uci-online-retail", "online_retail.csv.gz")


def clean(lines):
    """The purchase lines left after icp's default cleaning, and the count per rule."""
    n = len(lines)
    customer = lines["CustomerID"]
    quantity = lines["Quantity"]
    price = lines["UnitPrice"]
    amount = quantity * price
    invoice = lines["InvoiceNo"].fillna("").str.strip().str.upper()
    code = lines["StockCode"].fillna("").str.strip().str.upper()
    rules = [
        ("missing_customer", customer.isna()),
        ("incomplete", lines["InvoiceDate"].isna() | ~np.isfinite(quantity) | ~np.isfinite(price)),
        ("cancellations", invoice.str.startswith("C")),
        ("returns", (quantity < 0) | (amount < 0)),
        ("non_product", code.isin(NON_PRODUCT) | code.str.startswith("GIFT_")),
        ("non_positive_price", (price <= 0) | (amount == 0)),
    ]
    left = pd.Series(True, index=lines.index)
    counts = {"lines": n}
    for name, matches in rules:
        hit = left & matches.fillna(False).astype(bool)
        counts[name] = int(hit.sum())
        left &= ~hit
    kept = lines[left].copy()
    kept["amount"] = amount[left]
    counts["purchase_lines"] = int(left.sum())
    return kept, counts


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else default_path()
    lines = pd.read_csv(
        path,
        dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "Country": str},
        parse_dates=["InvoiceDate"],
    )
    kept, counts = clean(lines)
    kept["day"] = kept["InvoiceDate"].dt.floor("D")
    end = kept["day"].max()
    summary = summary_data_from_transaction_data(
        kept, "CustomerID", "day", monetary_value_col="amount", observation_period_end=end, freq="D"
    )
    frequency = summary["frequency"]
    recency = summary["recency"] / 7.0
    age = summary["T"] / 7.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bgf = BetaGeoFitter(penalizer_coef=0.0).fit(frequency, recency, age)
        repeat = summary[frequency > 0]
        ggf = GammaGammaFitter(penalizer_coef=0.0).fit(repeat["frequency"], repeat["monetary_value"])
    r, alpha, a, b = (float(bgf.params_[k]) for k in ("r", "alpha", "a", "b"))
    p, q, v = (float(ggf.params_[k]) for k in ("p", "q", "v"))
    # lifetimes' likelihoods are means over the customers; give the totals, in weeks.
    bg_ll = -len(summary) * float(BetaGeoFitter._negative_log_likelihood(
        np.log([r, alpha, a, b]), frequency.values, recency.values, age.values,
        np.ones(len(summary)), 0.0,
    ))
    gg_ll = -len(repeat) * float(GammaGammaFitter._negative_log_likelihood(
        np.log([p, q, v]), repeat["frequency"].values, repeat["monetary_value"].values,
        np.ones(len(repeat)), 0.0,
    ))
    print(json.dumps({
        "file": os.path.basename(path),
        "cleaning": counts,
        "observed_until": str(end.date()),
        "customers": int(len(summary)),
        "repeat_customers": int((frequency > 0).sum()),
        "bgnbd": {"r": r, "alpha": alpha, "a": a, "b": b, "log_likelihood": bg_ll},
        "gamma_gamma": {"p": p, "q": q, "gamma": v, "log_likelihood": gg_ll},
    }, indent=2))


if __name__ == "__main__":
    main()
