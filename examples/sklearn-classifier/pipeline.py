"""Run the Python steps of the pipeline in order; then `mlgate run` gates them.

    python3 pipeline.py                 # data/, build/model.pkl, build/preds.csv, ...
    python3 pipeline.py --C 0.0005      # the same with a much weaker candidate

  1. prepare.py      data/train.csv, data/test.csv (held out)
  2. train.py        build/model.pkl (candidate), build/simple.pkl (simple model)
  3. predict.py      build/preds.csv, build/simple-preds.csv (held-out predictions)
  4. make_golden.py  build/golden.jsonl (what the served model must answer)

Each step runs as its own process with this interpreter; the first that
fails stops the pipeline with its exit code.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def steps(data, build, C):
    """The steps, as argument lists of scripts in this directory."""
    return [
        ["prepare.py", "--out", data],
        ["train.py", "--data", data, "--out", build, "--C", repr(C)],
        ["predict.py", "--data", data, "--model-dir", build],
        ["make_golden.py", "--model-dir", build, "--out", os.path.join(build, "golden.jsonl")],
    ]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="data", help="data directory (default data)")
    p.add_argument("--out", default="build", help="build directory (default build)")
    p.add_argument("--C", type=float, default=1.0, help="the candidate's inverse regularisation strength")
    args = p.parse_args(argv)
    for step in steps(args.data, args.out, args.C):
        print("==> python3 " + " ".join(step), flush=True)
        code = subprocess.call([sys.executable, os.path.join(HERE, step[0])] + step[1:])
        if code != 0:
            print(f"pipeline.py: {step[0]} exited with code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
