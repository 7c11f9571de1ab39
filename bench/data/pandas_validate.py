#!/usr/bin/python3
"""pandas contender of the mlgate data-gate benchmark.

    /usr/bin/python3 pandas_validate.py DIR/data.csv DIR/schema.json

Reads the CSV with pd.read_csv, typed from the row schema, and checks the
schema's constraints with vectorized pandas operations: presence of every
required column and no other (additionalProperties: false), no missing
values, finite numbers (NaN and Inf are not JSON numbers), integer-valued
integers, minimum/maximum, enum (Series.isin) and pattern
(Series.str.contains, i.e. an unanchored search as in JSON Schema). Prints one JSON summary line: rows, valid, invalid rows and
violations per column and keyword. Exit code 0 when it ran (whatever the
verdict), 2 when the file could not be read, or a numeric column holds text
(pd.read_csv refuses to type it; it has no per-row error report).

The constraints are read from the schema rather than written out by hand, so
this script checks exactly what the other contenders check. The only keywords
it understands are those the benchmark schema uses; anything else is refused.
"""

import json
import sys

import numpy as np
import pandas as pd

SUPPORTED = {"type", "minimum", "maximum", "enum", "pattern"}
# Integers are read as float64: the C parser is fastest on it, a missing cell
# becomes NaN (reported as a violation, where int64 would abort the read), and
# the integer check is one vectorized modulo. Integers beyond 2**53 lose
# precision, which the benchmark data never reaches.
DTYPES = {"integer": "float64", "number": "float64", "string": "object", "boolean": "boolean"}


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    props = schema.get("properties", {})
    for name, prop in props.items():
        unknown = set(prop) - SUPPORTED
        if unknown:
            raise ValueError(f"{path}: property {name!r}: unsupported keywords {sorted(unknown)}")
        if prop.get("type") not in DTYPES:
            raise ValueError(f"{path}: property {name!r}: unsupported type {prop.get('type')!r}")
    return schema, props


def validate(df, schema, props):
    """Returns (invalid row mask, {"column.keyword": count})."""
    n = len(df)
    invalid = np.zeros(n, dtype=bool)
    counts = {}

    def flag(key, mask):
        mask = np.asarray(mask, dtype=bool)
        hits = int(mask.sum())
        if hits:
            counts[key] = counts.get(key, 0) + hits
            np.logical_or(invalid, mask, out=invalid)

    columns = list(df.columns)
    for name in schema.get("required", []):
        if name not in columns:
            flag(f"{name}.required", np.ones(n, dtype=bool))
    if schema.get("additionalProperties") is False:
        for name in columns:
            if name not in props:
                flag(f"{name}.additionalProperties", np.ones(n, dtype=bool))

    for name, prop in props.items():
        if name not in columns:
            continue
        s = df[name]
        missing = s.isna().to_numpy()
        flag(f"{name}.type", missing)  # every column is required and non-nullable
        typ = prop["type"]
        if typ in ("integer", "number"):
            values = s.to_numpy(dtype="float64", na_value=np.nan)
            present = ~missing
            with np.errstate(invalid="ignore"):
                flag(f"{name}.type", present & ~np.isfinite(values))
                if typ == "integer":
                    flag(f"{name}.type", present & (np.mod(values, 1) != 0))
            with np.errstate(invalid="ignore"):
                if "minimum" in prop:
                    flag(f"{name}.minimum", present & (values < prop["minimum"]))
                if "maximum" in prop:
                    flag(f"{name}.maximum", present & (values > prop["maximum"]))
        if "enum" in prop:
            flag(f"{name}.enum", ~missing & ~s.isin(prop["enum"]).to_numpy())
        if "pattern" in prop:
            flag(f"{name}.pattern", ~s.str.contains(prop["pattern"], regex=True, na=True).to_numpy())
    return invalid, counts


def main(argv):
    if len(argv) != 3:
        print("usage: pandas_validate.py DATA.csv SCHEMA.json", file=sys.stderr)
        return 2
    data_path, schema_path = argv[1], argv[2]
    try:
        schema, props = load_schema(schema_path)
        dtypes = {name: DTYPES[p["type"]] for name, p in props.items()}
        df = pd.read_csv(data_path, dtype=dtypes, engine="c")
    except (OSError, ValueError) as err:  # pandas' ParserError is a ValueError
        print(f"pandas_validate: {err}", file=sys.stderr)
        return 2
    invalid, counts = validate(df, schema, props)
    bad = int(invalid.sum())
    print(json.dumps({
        "contender": "pandas",
        "rows": len(df),
        "valid": len(df) - bad,
        "invalid": bad,
        "violations": dict(sorted(counts.items())),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
