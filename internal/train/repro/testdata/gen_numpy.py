"""Regenerate the numpy cross-check fixtures of package repro.

Run from this directory with Debian's python3 (numpy installed):
    /usr/bin/python3 gen_numpy.py
It writes numpy/*.npy and numpy/expected.json. The expected values are
computed here by numpy, independently of the Go code under test.
"""
import json

import numpy as np

rng = np.random.default_rng(20240501)
atol, rtol = 1e-6, 1e-5
cases = []


def case(name, a, b):
    np.save(f"numpy/{name}_a.npy", a)
    np.save(f"numpy/{name}_b.npy", b)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if a.dtype.kind in "iu":  # exact: float64 cannot hold 2**62 + 3
        diff = np.array([float(abs(int(x) - int(y))) for x, y in zip(a.ravel(), b.ravel())]).reshape(a.shape)
    else:
        diff = np.abs(a64 - b64)
    close = diff <= atol + rtol * np.abs(b64)  # numpy.isclose, with the exact diff
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(diff == 0, 0.0, diff / np.abs(b64))
    # The Go side reports the element furthest outside the tolerance.
    ratio = np.where(diff == 0, 0.0, diff / (atol + rtol * np.abs(b64)))
    worst = np.unravel_index(int(np.argmax(ratio)), a.shape)
    cases.append({
        "name": name,
        "same": bool(close.all()),
        "values": int(a.size),
        "mismatched": int((~close).sum()),
        "max_abs": float(diff.max()),
        "max_rel": float(rel.max()),
        "worst": [int(i) for i in worst],
    })


# float32 in Fortran order against the same values in C order, with noise
# in a few elements.
a = np.asfortranarray(rng.normal(size=(3, 4, 5)).astype(np.float32))
b = np.ascontiguousarray(a.copy())
b[1, 2, 3] += np.float32(1e-3)
b[2, 0, 1] += np.float32(1e-9)
case("f4_fortran_vs_c", a, b)

# big-endian float64, both C order, differences only within tolerance.
a = rng.normal(size=(6, 7)).astype(">f8")
b = (a + 1e-8).astype(">f8")
case("f8_bigendian_close", a, b)

# int64 beyond float64 precision: 2**62 and 2**62+3 differ by exactly 3.
a = np.array([2**62, 5, -7], dtype="<i8")
b = np.array([2**62 + 3, 5, -7], dtype="<i8")
case("i8_large", a, b)

with open("numpy/expected.json", "w") as f:
    json.dump({"atol": atol, "rtol": rtol, "numpy": np.__version__, "cases": cases}, f, indent=2)
    f.write("\n")
