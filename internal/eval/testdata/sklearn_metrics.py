"""Computes scikit-learn's metrics on the files that sklearn_test.go writes.

Usage: python3 sklearn_metrics.py DIR  (prints one JSON object)
"""
import csv
import json
import math
import sys

import numpy as np
from sklearn import metrics as m


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def log_loss(y, p):
    try:
        return m.log_loss(y, p, eps=1e-15, labels=[0, 1])
    except TypeError:  # scikit-learn >= 1.5 has no eps: clip as older versions did
        return m.log_loss(y, np.clip(p, 1e-15, 1 - 1e-15), labels=[0, 1])


def binary(rows):
    y = np.array([int(r["y"]) for r in rows])
    yhat = np.array([int(r["yhat"]) for r in rows])
    p = np.array([float(r["p"]) for r in rows])
    out = {
        "accuracy": m.accuracy_score(y, yhat),
        "precision": m.precision_score(y, yhat, pos_label=1),
        "recall": m.recall_score(y, yhat, pos_label=1),
        "f1": m.f1_score(y, yhat, pos_label=1),
        "precision_macro": m.precision_score(y, yhat, average="macro"),
        "recall_macro": m.recall_score(y, yhat, average="macro"),
        "f1_macro": m.f1_score(y, yhat, average="macro"),
        "log_loss": log_loss(y, p),
        "brier": m.brier_score_loss(y, p),
    }
    if len(set(y)) == 2:
        out["roc_auc"] = m.roc_auc_score(y, p)
    return out


def multiclass(rows):
    y = [r["y"] for r in rows]
    yhat = [r["yhat"] for r in rows]
    return {
        "accuracy": m.accuracy_score(y, yhat),
        "precision_macro": m.precision_score(y, yhat, average="macro", zero_division=0),
        "recall_macro": m.recall_score(y, yhat, average="macro", zero_division=0),
        "f1_macro": m.f1_score(y, yhat, average="macro", zero_division=0),
    }


def regression(rows):
    y = np.array([float(r["y"]) for r in rows])
    yhat = np.array([float(r["yhat"]) for r in rows])
    return {
        "rmse": math.sqrt(m.mean_squared_error(y, yhat)),
        "mae": m.mean_absolute_error(y, yhat),
        "r2": m.r2_score(y, yhat),
        "mape": m.mean_absolute_percentage_error(y, yhat),
    }


def main():
    d = sys.argv[1]
    b = read(d + "/binary.csv")
    slices = {}
    for r in b:
        slices.setdefault(r["g"] or "(missing)", []).append(r)
    out = {
        "binary": binary(b),
        "binary_slices": {k: binary(v) for k, v in slices.items()},
        "multiclass": multiclass(read(d + "/multiclass.csv")),
        "regression": regression(read(d + "/regression.csv")),
    }
    json.dump(out, sys.stdout)


main()
