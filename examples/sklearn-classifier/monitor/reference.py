"""Write what `mlgate monitor` compares serving data with, from a model
trained by train.py:

    python3 monitor/reference.py --model-dir build --out monitor-data

  monitor-data/train.csv   the training split (same seed and split as
                           train.py): the 30 features and the label "target";
                           `mlgate data infer` turns it into the training profile
  BUILD/meta.json          model metadata with "trained_at" (RFC 3339, UTC),
                           the time model.pkl was written

In a real pipeline the training job writes both (the profile with
`mlgate data infer --profile-out`, the metadata next to the model) and
publishes them with the model; this script stands in for that step.
"""
import argparse
import csv
import datetime
import json
import os

from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

SEED = 42  # as in train.py


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default="build", help="directory of train.py's output")
    p.add_argument("--out", default="monitor-data", help="output directory for train.csv")
    args = p.parse_args(argv)

    data = load_breast_cancer()
    X_train, _, y_train, _ = train_test_split(
        data.data, data.target, test_size=0.25, random_state=SEED, stratify=data.target)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "train.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(data.feature_names) + ["target"])
        for row, label in zip(X_train, y_train):
            w.writerow([repr(float(v)) for v in row] + [int(label)])

    model = os.path.join(args.model_dir, "model.pkl")
    trained = datetime.datetime.fromtimestamp(os.path.getmtime(model), tz=datetime.timezone.utc)
    meta = os.path.join(args.model_dir, "meta.json")
    with open(meta, "w") as f:
        json.dump({"model": "model.pkl", "trained_at": trained.isoformat(timespec="seconds").replace("+00:00", "Z")}, f, indent=2)
    print(f"wrote {path} ({len(y_train)} rows) and {meta}")


if __name__ == "__main__":
    main()
