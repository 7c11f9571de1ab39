"""Predict the held-out test set with the candidate and the simple model, one
row per example, for `mlgate eval` to compute the metrics from (this script
computes none itself).

    python3 predict.py --data data --model-dir build

Writes BUILD/preds.csv (the candidate) and BUILD/simple-preds.csv (the
simple model), columns:

  id    the example's id in prepare.py's data (pairs the two models' rows)
  y     the true label (0 malignant, 1 benign)
  yhat  the predicted label
  p     the predicted probability of class 1, written with repr() (exact)
  size  the slice column, copied from the test set
"""
import argparse
import csv
import os
import pickle
import sys

import prepare


def write_preds(path, ids, y, yhat, p, slices):
    """Write one predictions CSV atomically."""
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "y", "yhat", "p", prepare.SLICE])
        for row in zip(ids, y, yhat, p, slices):
            w.writerow([row[0], int(row[1]), int(row[2]), repr(float(row[3])), row[4]])
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="data", help="directory of prepare.py's test.csv")
    p.add_argument("--model-dir", default="build", help="directory of train.py's model.pkl and simple.pkl")
    p.add_argument("--out", default=None, help="output directory (default: --model-dir)")
    args = p.parse_args(argv)
    out = args.out or args.model_dir

    try:
        ids, X, y, slices = prepare.read_csv(os.path.join(args.data, "test.csv"))
        # Only load model files you trust: a pickle runs code when it is loaded.
        models = {}
        for name in ("model", "simple"):
            with open(os.path.join(args.model_dir, name + ".pkl"), "rb") as f:
                models[name] = pickle.load(f)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError) as e:
        print(f"predict.py: {e}", file=sys.stderr)
        return 2

    os.makedirs(out, exist_ok=True)
    for name, file in (("model", "preds.csv"), ("simple", "simple-preds.csv")):
        m = models[name]
        write_preds(os.path.join(out, file), ids, y, m.predict(X), m.predict_proba(X)[:, 1], slices)
    print(f"wrote {out}/preds.csv and {out}/simple-preds.csv ({len(y)} held-out examples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
