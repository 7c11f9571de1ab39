"""Train a seeded classifier and a simple baseline on the breast-cancer data set
that ships with scikit-learn, and save both with the held-out split.

    python3 train.py --out build
"""
import argparse
import json
import os
import pickle

from sklearn.datasets import load_breast_cancer
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 42


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default="build", help="output directory")
    p.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    p.add_argument("--max-iter", type=int, default=1000)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=SEED, stratify=y)

    model = make_pipeline(StandardScaler(),
                          LogisticRegression(C=args.C, max_iter=args.max_iter, random_state=SEED))
    model.fit(X_train, y_train)
    # The simple model a complex one must beat (ML Test Score: "a simpler model is not better").
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)

    with open(os.path.join(args.out, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    with open(os.path.join(args.out, "baseline.pkl"), "wb") as f:
        pickle.dump(baseline, f)
    with open(os.path.join(args.out, "test.pkl"), "wb") as f:
        pickle.dump((X_test, y_test), f)
    with open(os.path.join(args.out, "train-info.json"), "w") as f:
        json.dump({"seed": SEED, "C": args.C, "train_rows": int(len(y_train))}, f, indent=2)
    print(f"trained on {len(y_train)} rows; model saved to {args.out}/model.pkl")


if __name__ == "__main__":
    main()
