"""Evaluate the trained model on the held-out split and write a metrics file
that `mlgate gate` reads (nested keys, as DVC metrics files are).

    python3 evaluate.py --model-dir build --out metrics.json

This is the minimal variant, for teams that compute their metrics
themselves; the pipeline of mlgate.yaml has mlgate compute them from
predict.py's per-example predictions instead (`mlgate eval`), with
intervals, slices and noise-aware comparisons.
"""
import argparse
import json
import pickle
import time

from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model-dir", default="build")
    p.add_argument("--out", default="metrics.json")
    args = p.parse_args()

    with open(f"{args.model_dir}/model.pkl", "rb") as f:
        model = pickle.load(f)
    with open(f"{args.model_dir}/simple.pkl", "rb") as f:
        simple = pickle.load(f)
    with open(f"{args.model_dir}/test.pkl", "rb") as f:
        X_test, y_test = pickle.load(f)

    pred = model.predict(X_test)
    proba = model.predict_proba(X_test)[:, 1]
    simple_pred = simple.predict(X_test)

    # Latency of one single-row prediction, median of 50 calls.
    times = []
    for i in range(50):
        row = X_test[i % len(X_test)].reshape(1, -1)
        t = time.perf_counter()
        model.predict(row)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()

    metrics = {
        "eval": {
            "accuracy": round(accuracy_score(y_test, pred), 6),
            "f1": round(f1_score(y_test, pred), 6),
            "roc_auc": round(roc_auc_score(y_test, proba), 6),
            "log_loss": round(log_loss(y_test, proba), 6),
        },
        "simple": {
            "accuracy": round(accuracy_score(y_test, simple_pred), 6),
        },
        "latency_ms": round(times[len(times) // 2], 4),
        "test_rows": int(len(y_test)),
    }
    with open(args.out, "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
