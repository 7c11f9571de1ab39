"""Train the candidate model and the simple model it must beat, from the
training split that prepare.py wrote; the test split is never used to fit.

    python3 train.py --data data --out build
    python3 train.py --out build-weak --C 0.0005     # a much weaker model

Writes to --out:

  model.pkl        the candidate: standard scaling + logistic regression on
                   the 30 features, seeded
  simple.pkl       the simple model: logistic regression on "mean radius"
                   alone (ML Test Score model-5: a simpler model is not
                   better); it takes the same 30 features and uses one
  test.pkl         (X_test, y_test) of DIR/test.csv, for make_golden.py,
                   evaluate.py and monitor/ (not used in training)
  train-info.json  seed, hyperparameters and row counts

When DIR/train.csv does not exist, prepare.py's split is written first.
"""
import argparse
import json
import os
import pickle
import sys

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import prepare

SEED = 42
SIMPLE_FEATURE = "mean radius"


def candidate(C, max_iter):
    """The candidate model: scaling and a regularised logistic regression."""
    return make_pipeline(StandardScaler(),
                         LogisticRegression(C=C, max_iter=max_iter, random_state=SEED))


def simple():
    """The simple model: a logistic regression on one feature, the tumour's mean radius."""
    col = prepare.feature_names().index(SIMPLE_FEATURE)
    return make_pipeline(ColumnTransformer([("radius", StandardScaler(), [col])]),
                         LogisticRegression(random_state=SEED))


def save(path, obj):
    """Pickle obj to path atomically."""
    with open(path + ".tmp", "wb") as f:
        pickle.dump(obj, f)
    os.replace(path + ".tmp", path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="data", help="directory of prepare.py's train.csv and test.csv")
    p.add_argument("--out", default="build", help="output directory")
    p.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength (default 1.0)")
    p.add_argument("--max-iter", type=int, default=1000)
    args = p.parse_args(argv)
    if args.C <= 0:
        p.error(f"--C {args.C}: want a positive number")

    train_csv, test_csv = os.path.join(args.data, "train.csv"), os.path.join(args.data, "test.csv")
    if not os.path.exists(train_csv):
        print(f"{train_csv} does not exist: running prepare.py --out {args.data}")
        prepare.prepare(args.data)
    try:
        _, X_train, y_train, _ = prepare.read_csv(train_csv)
        _, X_test, y_test, _ = prepare.read_csv(test_csv)
    except (OSError, ValueError) as e:
        print(f"train.py: {e}", file=sys.stderr)
        return 2

    model = candidate(args.C, args.max_iter).fit(X_train, y_train)
    baseline = simple().fit(X_train, y_train)

    os.makedirs(args.out, exist_ok=True)
    save(os.path.join(args.out, "model.pkl"), model)
    save(os.path.join(args.out, "simple.pkl"), baseline)
    save(os.path.join(args.out, "test.pkl"), (X_test, y_test))
    with open(os.path.join(args.out, "train-info.json"), "w") as f:
        json.dump({"seed": SEED, "C": args.C, "max_iter": args.max_iter, "train_rows": int(len(y_train)),
                   "simple_feature": SIMPLE_FEATURE}, f, indent=2)
        f.write("\n")
    print(f"trained on {len(y_train)} rows; models saved to {args.out}/model.pkl and {args.out}/simple.pkl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
