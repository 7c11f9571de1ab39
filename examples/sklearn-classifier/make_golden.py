"""Write the golden set for `mlgate canary`: held-out examples with the
predictions the trained model makes offline, which the served model must
reproduce (training/serving identity).

    python3 make_golden.py --model-dir build --out golden.jsonl --limit 50

One JSON object per line, features in load_breast_cancer().feature_names order:
    {"id": "test-0", "inputs": {"mean radius": 12.3, ...}, "prediction": "1", "scores": [p0, p1]}
"""
import argparse
import json
import os
import pickle
import sys

from sklearn.datasets import load_breast_cancer


def golden_lines(model, X, names, limit):
    """JSON Lines of the first limit rows of X (all rows when limit is 0)."""
    rows = X if limit == 0 else X[:limit]
    if len(rows) == 0:
        return []
    labels = model.predict(rows)
    proba = model.predict_proba(rows)
    lines = []
    for i, (row, label, p) in enumerate(zip(rows, labels, proba)):
        example = {
            "id": f"test-{i}",
            # float() of a float64 and json's shortest repr round-trip exactly.
            "inputs": {name: float(v) for name, v in zip(names, row)},
            "prediction": str(label.item()),
            "scores": [float(s) for s in p],
        }
        lines.append(json.dumps(example, allow_nan=False))
    return lines


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default="build", help="directory with model.pkl and test.pkl")
    p.add_argument("--out", default="golden.jsonl")
    p.add_argument("--limit", type=int, default=50, help="number of examples, 0 for all (default 50)")
    args = p.parse_args(argv)
    if args.limit < 0:
        p.error(f"--limit {args.limit}: want 0 or more")

    try:
        with open(os.path.join(args.model_dir, "model.pkl"), "rb") as f:
            model = pickle.load(f)
        with open(os.path.join(args.model_dir, "test.pkl"), "rb") as f:
            X_test, _ = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError) as e:
        print(f"make_golden.py: reading {args.model_dir}: {e}", file=sys.stderr)
        return 2
    names = list(load_breast_cancer().feature_names)
    if X_test.shape[1] != len(names):
        print(f"make_golden.py: test.pkl has {X_test.shape[1]} features, want {len(names)}", file=sys.stderr)
        return 2

    lines = golden_lines(model, X_test, names, args.limit)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, args.out)
    print(f"wrote {len(lines)} golden examples to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
