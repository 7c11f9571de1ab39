"""Train a logistic-regression classifier with SGD, one epoch at a time, for
mlgate's training checks (smoke and repro).

Each epoch prints "epoch N loss X" to stdout, appends {"step", "loss"} to
metrics.jsonl and saves a checkpoint, so a killed run can resume. Outputs go
to $MLGATE_RUN_DIR when mlgate sets it, else to --out.

    python3 train_sgd.py --epochs 30                  # seeded: reproducible
    python3 train_sgd.py --epochs 30 --resume         # continue from the last checkpoint
    python3 train_sgd.py --lr 50                      # a broken learning rate: the loss does not go down
    python3 train_sgd.py --hidden-nondeterminism      # depends on PYTHONHASHSEED (set order)
"""
import argparse
import json
import os
import pickle
import sys
import time

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

SEED = 7


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="run", help="output directory (MLGATE_RUN_DIR wins)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--lr", type=float, default=0.01, help="constant learning rate (eta0)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--resume", action="store_true", help="continue from the last checkpoint")
    p.add_argument("--sleep", type=float, default=0.0, help="seconds to sleep per epoch (to be killed mid-way)")
    p.add_argument("--hidden-nondeterminism", action="store_true",
                   help="order the features by iterating a set of strings: depends on PYTHONHASHSEED")
    args = p.parse_args()
    out = os.environ.get("MLGATE_RUN_DIR") or args.out
    os.makedirs(out, exist_ok=True)
    ckpt = os.path.join(out, "checkpoint.pkl")

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    if args.hidden_nondeterminism:
        names = {f"feature-{i}" for i in range(X.shape[1])}
        order = [int(n.split("-")[1]) for n in names]  # set order varies with PYTHONHASHSEED
        X = X[:, order]

    model = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=args.lr,
                          alpha=1e-4, random_state=SEED)
    rng = np.random.RandomState(SEED)
    start = 0
    if args.resume and os.path.exists(ckpt):
        with open(ckpt, "rb") as f:
            state = pickle.load(f)
        model, start = state["model"], state["epoch"]
        rng.set_state(state["rng"])
        print(f"resumed from epoch {start}", flush=True)
    elif os.path.exists(os.path.join(out, "metrics.jsonl")):
        os.remove(os.path.join(out, "metrics.jsonl"))

    classes = np.unique(y)
    for epoch in range(start, args.epochs):
        idx = rng.permutation(len(y))
        for b in range(0, len(idx), args.batch):
            batch = idx[b:b + args.batch]
            model.partial_fit(X[batch], y[batch], classes=classes)
        with np.errstate(all="ignore"):
            proba = model.predict_proba(X)[:, 1]
        loss = float(log_loss(y, np.clip(proba, 1e-15, 1 - 1e-15)))
        step = epoch + 1
        print(f"epoch {step} loss {loss:.6f}", flush=True)
        with open(os.path.join(out, "metrics.jsonl"), "a") as f:
            f.write(json.dumps({"step": step, "loss": loss}) + "\n")
        state = {"model": model, "epoch": step, "rng": rng.get_state()}
        with open(ckpt + ".tmp", "wb") as f:
            pickle.dump(state, f)
        os.replace(ckpt + ".tmp", ckpt)
        if args.sleep:
            time.sleep(args.sleep)

    np.save(os.path.join(out, "coef.npy"), np.hstack([model.coef_.ravel(), model.intercept_]))
    with open(os.path.join(out, "final.json"), "w") as f:
        json.dump({"epochs": args.epochs, "train_log_loss": loss,
                   "accuracy": float((model.predict(X) == y).mean())}, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
