"""Collect a sample of serving traffic for `mlgate monitor`: the inputs the
model saw and the predictions it made, one JSON object per line.

    python3 monitor/serving_sample.py --model-dir build --out serving-sample.jsonl
    python3 monitor/serving_sample.py --model-dir build --out drifted.jsonl --shift "mean radius=1.5"

The example has no production traffic, so the sample stands in for it: the
held-out rows train.py saved (data the model never trained on), each with
the model's prediction, as a serving log would record them. --shift
"FEATURE=FACTOR" (repeatable) multiplies a feature, to see drift detected
and a retrain dispatched. In a real deployment, download the last day or
week of the prediction log instead (from object storage, a warehouse
export, or the server's log shipping).

    {"mean radius": 13.4, ..., "worst fractal dimension": 0.07, "prediction": 1}
"""
import argparse
import json
import os
import pickle
import sys

from sklearn.datasets import load_breast_cancer


def parse_shift(specs):
    """{"feature": factor} from "feature=factor" strings."""
    names = set(load_breast_cancer().feature_names)
    out = {}
    for spec in specs:
        name, sep, factor = spec.rpartition("=")
        if not sep or name not in names:
            raise SystemExit(f"--shift {spec!r}: want FEATURE=FACTOR with a feature of the data set")
        try:
            out[name] = float(factor)
        except ValueError:
            raise SystemExit(f"--shift {spec!r}: {factor!r} is not a number")
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default="build", help="directory of train.py's output")
    p.add_argument("--out", default="serving-sample.jsonl", help="where to write the sample (- for stdout)")
    p.add_argument("--shift", action="append", default=[], metavar="FEATURE=FACTOR",
                   help="multiply a feature by FACTOR (simulated drift); repeatable")
    args = p.parse_args(argv)
    shift = parse_shift(args.shift)

    # Only load model files you trust: a pickle runs code when it is loaded.
    with open(os.path.join(args.model_dir, "model.pkl"), "rb") as f:
        model = pickle.load(f)
    with open(os.path.join(args.model_dir, "test.pkl"), "rb") as f:
        X, _ = pickle.load(f)
    names = list(load_breast_cancer().feature_names)
    X = X.copy()
    for name, factor in shift.items():
        X[:, names.index(name)] *= factor
    predictions = model.predict(X)

    out = sys.stdout if args.out == "-" else open(args.out, "w")
    try:
        for row, pred in zip(X, predictions):
            record = {name: float(v) for name, v in zip(names, row)}
            record["prediction"] = int(pred)
            out.write(json.dumps(record, allow_nan=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != "-":
        print(f"wrote {len(X)} serving records to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
