"""Prepare the data: split scikit-learn's breast-cancer data set into a
training set and a held-out test set that training never sees, and add a
slice column.

    python3 prepare.py --out data

Writes DIR/train.csv (426 rows) and DIR/test.csv (143 rows), columns:

  id        the row's index in load_breast_cancer() (0..568), a stable key
  <30 features>  "mean radius" ... "worst fractal dimension", as in sklearn
  size      "small" when "mean radius" is below the median "mean radius" of
            the TRAINING split (13.275 with the default split), else "large":
            a slice, to check the model is good on small and large tumours
  target    the label, scikit-learn's encoding: 0 malignant, 1 benign

The split is stratified on the label, 25% test, seed 42 (the split train.py,
serve.py, make_golden.py and monitor/ have always used, so their figures
hold). Floats are written with repr(): reading the CSV gives back exactly
the same numbers, so training from the CSV is bit-for-bit reproducible.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

SEED = 42
TEST_SIZE = 0.25
LABEL = "target"
SLICE = "size"
SLICE_FEATURE = "mean radius"


def feature_names():
    """The 30 feature names, in the order models are trained and served with."""
    return list(load_breast_cancer().feature_names)


def split():
    """(train, test, threshold): two lists of row dicts and the size threshold."""
    data = load_breast_cancer()
    names = list(data.feature_names)
    idx = np.arange(len(data.target))
    train_idx, test_idx = train_test_split(
        idx, test_size=TEST_SIZE, random_state=SEED, stratify=data.target)
    col = names.index(SLICE_FEATURE)
    # The threshold comes from the training split only: the test set must not
    # shape anything the model or its slices depend on.
    threshold = float(np.median(data.data[train_idx, col]))

    def rows(indices):
        out = []
        for i in indices:
            row = {"id": int(i)}
            row.update({name: float(v) for name, v in zip(names, data.data[i])})
            row[SLICE] = "small" if data.data[i, col] < threshold else "large"
            row[LABEL] = int(data.target[i])
            out.append(row)
        return out

    return rows(train_idx), rows(test_idx), threshold


def write_csv(path, rows):
    """Write rows atomically; floats with repr() so they round-trip exactly."""
    columns = ["id"] + feature_names() + [SLICE, LABEL]
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for row in rows:
            w.writerow([repr(row[c]) if isinstance(row[c], float) else row[c] for c in columns])
    os.replace(tmp, path)


def read_csv(path):
    """(ids, X, y, slices) of a CSV written by prepare.py, X in feature_names() order."""
    names = feature_names()
    ids, X, y, slices = [], [], [], []
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ["id"] + names + [SLICE, LABEL] if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}; run prepare.py")
        for line, row in enumerate(reader, start=2):
            try:
                X.append([float(row[n]) for n in names])
                y.append(int(row[LABEL]))
            except ValueError as e:
                raise ValueError(f"{path}:{line}: {e}") from None
            ids.append(row["id"])
            slices.append(row[SLICE])
    return ids, np.array(X), np.array(y), slices


def prepare(out):
    """Write out/train.csv, out/test.csv and out/prepare.json; return the threshold."""
    os.makedirs(out, exist_ok=True)
    train, test, threshold = split()
    write_csv(os.path.join(out, "train.csv"), train)
    write_csv(os.path.join(out, "test.csv"), test)
    with open(os.path.join(out, "prepare.json"), "w") as f:
        json.dump({"seed": SEED, "test_size": TEST_SIZE, "train_rows": len(train), "test_rows": len(test),
                   "slice": SLICE, "slice_feature": SLICE_FEATURE, "slice_threshold": threshold}, f, indent=2)
        f.write("\n")
    print(f"wrote {out}/train.csv ({len(train)} rows) and {out}/test.csv ({len(test)} rows); "
          f"{SLICE} = small below {SLICE_FEATURE} {threshold:g}")
    return threshold


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="data", help="output directory (default data)")
    args = p.parse_args(argv)
    prepare(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
