"""Writes the expected book-mode data sets for the C# tests, with the Python oracle booksim.py beside this file.

booksim.py re-implements the handbook's simulator with the book's seeding (numpy's legacy RandomState, CPython's
random, pandas' default sort); its full default run reproduces the book's 1,754,155 transactions and 14,681 frauds.
Run with Debian's /usr/bin/python3 (numpy 1.24.2, pandas 1.5.3):

    /usr/bin/python3 make_expected.py CUSTOMERS TERMINALS DAYS SEED OUT.csv

The CSV is the project's transaction format (TransactionCsv), amounts converted to cents as np.round(amount * 100).
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import booksim  # noqa: E402

customers, terminals, days, seed = (int(a) for a in sys.argv[1:5])
booksim.N_CUSTOMERS, booksim.N_TERMINALS, booksim.NB_DAYS = customers, terminals, days
d = booksim.simulate(seed)
ts = np.datetime64("2018-04-01T00:00:00") + d["seconds"].astype("timedelta64[s]")
cents = np.round(d["amount"] * 100).astype(np.int64)
pd.DataFrame({
    "transaction_id": np.arange(len(ts)),
    "tx_datetime": pd.Series(ts).dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "customer_id": d["customer"], "terminal_id": d["terminal"],
    "tx_amount": [f"{c // 100}.{c % 100:02d}" for c in cents],
    "tx_fraud": d["fraud"], "tx_fraud_scenario": d["scenario"],
}).to_csv(sys.argv[5], index=False, lineterminator="\n")
