"""The handbook's simulator, re-implemented from the reference facts (§1) with the book's seeding.

base = 0 is the book's run: customer profiles np.random.seed(base), terminal profiles np.random.seed(base+1),
customer c's transactions random.seed(base+c) and np.random.seed(base+c), scenario draws on day d with
random_state / random.seed(base+d).  Other bases shift every seed by the same offset.

Output: /tmp/bookcheck/data/sim_<base>.npz with columns in TRANSACTION_ID order.
"""
import random
import sys
import time

import numpy as np
import pandas as pd

N_CUSTOMERS, N_TERMINALS, NB_DAYS, R = 5000, 10000, 183, 5
START = np.datetime64("2018-04-01T00:00:00")


def customer_profiles(n, seed):
    np.random.seed(seed)
    rows = []
    for _ in range(n):
        x = np.random.uniform(0, 100)
        y = np.random.uniform(0, 100)
        mean_amount = np.random.uniform(5, 100)
        std_amount = mean_amount / 2
        mean_nb = np.random.uniform(0, 4)
        rows.append((x, y, mean_amount, std_amount, mean_nb))
    return np.array(rows)


def terminal_profiles(n, seed):
    np.random.seed(seed)
    rows = []
    for _ in range(n):
        x = np.random.uniform(0, 100)
        y = np.random.uniform(0, 100)
        rows.append((x, y))
    return np.array(rows)


def terminals_within(cx, cy, xy_terms, r):
    d = np.sqrt(np.sum(np.square(np.array([cx, cy]) - xy_terms), axis=1))
    return [int(i) for i in np.where(d < r)[0]]


def customer_transactions(cid, prof, terms, nb_days, seed):
    _, _, mean_amount, std_amount, mean_nb = prof
    random.seed(seed)
    np.random.seed(seed)
    out = []
    for day in range(nb_days):
        nb_tx = np.random.poisson(mean_nb)
        for _ in range(nb_tx):
            t = int(np.random.normal(86400 / 2, 20000))
            if 0 < t < 86400:
                amount = np.random.normal(mean_amount, std_amount)
                if amount < 0:
                    amount = np.random.uniform(0, mean_amount * 2)
                amount = np.round(amount, decimals=2)
                if len(terms) > 0:
                    term = random.choice(terms)
                    out.append((t + day * 86400, day, cid, term, amount))
    return out


def simulate(base):
    t0 = time.time()
    cust = customer_profiles(N_CUSTOMERS, base)
    term = terminal_profiles(N_TERMINALS, base + 1)
    avail = [terminals_within(cust[c, 0], cust[c, 1], term, R) for c in range(N_CUSTOMERS)]
    rows = []
    for c in range(N_CUSTOMERS):
        rows.extend(customer_transactions(c, cust[c], avail[c], NB_DAYS, base + c))
    df = pd.DataFrame(rows, columns=["TX_TIME_SECONDS", "TX_TIME_DAYS", "CUSTOMER_ID", "TERMINAL_ID", "TX_AMOUNT"])
    df["TX_DATETIME"] = pd.to_datetime(df.TX_TIME_SECONDS, unit="s", origin="2018-04-01")
    # the book: sort_values('TX_DATETIME') (default quicksort), then number rows in that order
    df = df.sort_values("TX_DATETIME").reset_index(drop=True)
    t1 = time.time()

    df["TX_FRAUD"] = 0
    df["TX_FRAUD_SCENARIO"] = 0
    # Scenario 1
    df.loc[df.TX_AMOUNT > 220, "TX_FRAUD"] = 1
    df.loc[df.TX_AMOUNT > 220, "TX_FRAUD_SCENARIO"] = 1
    days = df.TX_TIME_DAYS.values
    tids = df.TERMINAL_ID.values
    cids = df.CUSTOMER_ID.values
    terminal_ids = pd.Series(np.arange(N_TERMINALS))
    customer_ids = pd.Series(np.arange(N_CUSTOMERS))
    fraud = df.TX_FRAUD.values.copy()
    scen = df.TX_FRAUD_SCENARIO.values.copy()
    amount = df.TX_AMOUNT.values.copy()
    last_day = int(days.max())
    # Scenario 2: days 0 .. max_day-1
    for day in range(last_day):
        comp = terminal_ids.sample(n=2, random_state=base + day).values
        idx = np.where((days >= day) & (days < day + 28) & np.isin(tids, comp))[0]
        fraud[idx] = 1
        scen[idx] = 2
    # Scenario 3
    for day in range(last_day):
        comp = customer_ids.sample(n=3, random_state=base + day).values
        idx = np.where((days >= day) & (days < day + 14) & np.isin(cids, comp))[0]
        random.seed(base + day)
        picked = random.sample(list(idx), k=int(len(idx) / 3))
        picked = np.array(picked, dtype=np.int64)
        if len(picked):
            amount[picked] = amount[picked] * 5
            fraud[picked] = 1
            scen[picked] = 3
    t2 = time.time()
    out = dict(
        seconds=df.TX_TIME_SECONDS.values.astype(np.int64),
        day=days.astype(np.int64),
        customer=cids.astype(np.int64),
        terminal=tids.astype(np.int64),
        amount=amount,
        fraud=fraud.astype(np.int8),
        scenario=scen.astype(np.int8),
    )
    print(f"base={base}: {len(df)} tx, {int(fraud.sum())} frauds "
          f"(s1 {(scen==1).sum()}, s2 {(scen==2).sum()}, s3 {(scen==3).sum()}); "
          f"gen {t1-t0:.1f}s frauds {t2-t1:.1f}s", flush=True)
    return out


if __name__ == "__main__":
    import os
    os.makedirs("/tmp/bookcheck/data", exist_ok=True)
    for b in sys.argv[1:]:
        base = int(b)
        out = simulate(base)
        np.savez(f"/tmp/bookcheck/data/sim_{base}.npz", **out)
