"""Serve the model trained by train.py over HTTP on 127.0.0.1, with a plain
JSON route and the Open Inference Protocol v2 (KServe, Triton, MLServer).

    python3 serve.py --model build/model.pkl --port 0

Plain JSON:
    GET  /health                      200 {"status": "ok"} once ready, else 503
    POST /predict {"inputs": {"mean radius": 14.1, ...}}
         -> {"prediction": "1", "scores": [p0, p1]}
Open Inference Protocol v2:
    GET  /v2/health/live, /v2/health/ready, /v2
    GET  /v2/models/NAME/ready, /v2/models/NAME        (also under /versions/1/)
    POST /v2/models/NAME/infer                          (also under /versions/1/)

Fault injection, for testing a canary gate: --delay-ms (every prediction is
slow), --error-rate (a deterministic fraction of predictions answers 500),
--startup-delay (health answers 503 for the first seconds).

Only load model files you trust: a pickle runs code when it is loaded.
Standard library plus scikit-learn; no web framework.
"""
import argparse
import json
import math
import pickle
import re
import signal
import sys
import threading
import time
from fractions import Fraction
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
from sklearn.datasets import load_breast_cancer

HOST = "127.0.0.1"
MAX_BODY_BYTES = 1 << 20  # requests larger than this are answered 413
INPUT_NAME = "input-0"
MODEL_VERSION = "1"

_MODEL_ROUTE = re.compile(r"^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?$")


class RequestError(Exception):
    """A request the server rejects with an HTTP status and a message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Model:
    """A fitted scikit-learn classifier and the feature names of its input."""

    def __init__(self, estimator, feature_names):
        self.estimator = estimator
        self.feature_names = list(feature_names)
        self.classes = np.asarray(estimator.classes_)
        self.integer_labels = np.issubdtype(self.classes.dtype, np.integer)

    def predict(self, rows):
        """Labels and class probabilities for a 2-D float64 array of rows."""
        return self.estimator.predict(rows), self.estimator.predict_proba(rows)


class Faults:
    """Injected faults: a fixed delay and a deterministic error fraction.

    With error rate F, the n-th prediction request (1-based) fails when
    floor(n*F) > floor((n-1)*F), so exactly floor(n*F) of the first n fail:
    F=0.1 fails requests 10, 20, 30...; F=0.25 fails 4, 8, 12...
    """

    def __init__(self, delay_ms, error_rate):
        self.delay_s = delay_ms / 1000.0
        self.error_rate = Fraction(str(error_rate))
        self._lock = threading.Lock()
        self._count = 0

    def next_request_fails(self):
        """Count one prediction request and say whether it must answer 500."""
        with self._lock:
            self._count += 1
            n = self._count
        return math.floor(n * self.error_rate) > math.floor((n - 1) * self.error_rate)


class App:
    """Everything a request handler needs; one per server, no global state."""

    def __init__(self, model, name, faults, startup_delay_s, log_requests, clock=time.monotonic):
        self.model = model
        self.name = name
        self.faults = faults
        self.clock = clock
        self.ready_at = clock() + startup_delay_s
        self.log_requests = log_requests

    def ready(self):
        """Whether the startup delay has passed."""
        return self.clock() >= self.ready_at

    def metadata(self):
        """OIP v2 model metadata."""
        label_type = "INT64" if self.model.integer_labels else "BYTES"
        n = len(self.model.feature_names)
        k = len(self.model.classes)
        return {
            "name": self.name,
            "versions": [MODEL_VERSION],
            "platform": "sklearn",
            "inputs": [{"name": INPUT_NAME, "datatype": "FP64", "shape": [-1, n]}],
            "outputs": [
                {"name": "label", "datatype": label_type, "shape": [-1]},
                {"name": "probabilities", "datatype": "FP64", "shape": [-1, k]},
            ],
            "parameters": {"feature_names": self.model.feature_names,
                           "classes": [str(c) for c in self.model.classes.tolist()]},
        }


def _finite_number(value, where):
    """value as a float, or a RequestError naming where it came from."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"{where}: want a number, got {json.dumps(value)[:40]}")
    try:
        f = float(value)
    except OverflowError:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"{where}: number out of range") from None
    if not math.isfinite(f):
        raise RequestError(HTTPStatus.BAD_REQUEST, f"{where}: want a finite number, got {value}")
    return f


def plain_predict(app, body):
    """POST /predict: {"inputs": {feature: value}} -> {"prediction", "scores"}."""
    if not isinstance(body, dict) or not isinstance(body.get("inputs"), dict):
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           'want a JSON object {"inputs": {"feature name": number, ...}}')
    inputs = body["inputs"]
    names = app.model.feature_names
    missing = [n for n in names if n not in inputs]
    if missing:
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs: {len(missing)} missing feature(s), first {missing[0]!r}")
    unknown = sorted(set(inputs) - set(names))
    if unknown:
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs: {len(unknown)} unknown feature(s), first {unknown[0]!r}")
    row = [_finite_number(inputs[n], f"inputs[{n!r}]") for n in names]
    labels, proba = app.model.predict(np.asarray([row], dtype=np.float64))
    return {"prediction": str(labels[0].item()), "scores": proba[0].tolist()}


def _flatten(data, where):
    """Row-major flattening of OIP tensor data, flat or nested."""
    if not isinstance(data, list):
        raise RequestError(HTTPStatus.BAD_REQUEST, f"{where}: want an array")
    out = []
    stack = [iter(data)]
    while stack:
        item = next(stack[-1], StopIteration)
        if item is StopIteration:
            stack.pop()
        elif isinstance(item, list):
            if len(stack) > 8:
                raise RequestError(HTTPStatus.BAD_REQUEST, f"{where}: nested too deeply")
            stack.append(iter(item))
        else:
            out.append(_finite_number(item, f"{where}[{len(out)}]"))
    return out


def _input_rows(app, body):
    """The rows of the single OIP input tensor, as a 2-D float64 array."""
    if not isinstance(body, dict) or not isinstance(body.get("inputs"), list):
        raise RequestError(HTTPStatus.BAD_REQUEST, 'want a JSON object with an "inputs" array')
    if len(body["inputs"]) != 1:
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs: want exactly 1 tensor ({INPUT_NAME!r}), got {len(body['inputs'])}")
    t = body["inputs"][0]
    if not isinstance(t, dict):
        raise RequestError(HTTPStatus.BAD_REQUEST, "inputs[0]: want an object")
    if t.get("name") != INPUT_NAME:
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs[0].name: want {INPUT_NAME!r}, got {json.dumps(t.get('name'))}")
    if t.get("datatype") not in ("FP64", "FP32"):
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs[0].datatype: want FP64 or FP32, got {json.dumps(t.get('datatype'))}")
    n = len(app.model.feature_names)
    shape = t.get("shape")
    if (not isinstance(shape, list) or len(shape) != 2 or shape[1] != n
            or isinstance(shape[0], bool) or not isinstance(shape[0], int) or shape[0] < 1):
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs[0].shape: want [rows, {n}], got {json.dumps(shape)}")
    flat = _flatten(t.get("data"), "inputs[0].data")
    if len(flat) != shape[0] * n:
        raise RequestError(HTTPStatus.BAD_REQUEST,
                           f"inputs[0].data: shape {shape} needs {shape[0] * n} values, got {len(flat)}")
    return np.asarray(flat, dtype=np.float64).reshape(shape[0], n)


def _requested_outputs(body):
    """Names of the outputs the request asks for, or None for all."""
    requested = body.get("outputs")
    if requested is None:
        return None
    if not isinstance(requested, list) or not all(isinstance(o, dict) for o in requested):
        raise RequestError(HTTPStatus.BAD_REQUEST, "outputs: want an array of objects")
    names = [o.get("name") for o in requested]
    for i, name in enumerate(names):
        if name not in ("label", "probabilities"):
            raise RequestError(HTTPStatus.BAD_REQUEST,
                               f"outputs[{i}].name: want \"label\" or \"probabilities\", got {json.dumps(name)}")
    return names


def oip_infer(app, body):
    """POST /v2/models/NAME/infer: one FP64 tensor [rows, 30] in, label and probabilities out."""
    rows = _input_rows(app, body)
    wanted = _requested_outputs(body)
    labels, proba = app.model.predict(rows)
    if app.model.integer_labels:
        label = {"name": "label", "shape": [len(labels)], "datatype": "INT64",
                 "data": [int(v) for v in labels.tolist()]}
    else:
        label = {"name": "label", "shape": [len(labels)], "datatype": "BYTES",
                 "data": [str(v) for v in labels.tolist()]}
    probabilities = {"name": "probabilities", "shape": list(proba.shape), "datatype": "FP64",
                     "data": proba.ravel().tolist()}
    outputs = [o for o in (label, probabilities) if wanted is None or o["name"] in wanted]
    resp = {"model_name": app.name, "model_version": MODEL_VERSION, "outputs": outputs}
    if "id" in body:
        resp["id"] = body["id"]
    return resp


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the App of the server that owns this handler."""

    protocol_version = "HTTP/1.1"  # keep-alive, so a load test measures the model, not TCP setup
    server_version = "sklearn-serve/1"
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK and every response would gain ~40 ms.
    disable_nagle_algorithm = True

    @property
    def app(self):
        return self.server.app

    def log_message(self, format, *args):
        if self.app.log_requests:
            super().log_message(format, *args)

    def _send(self, status, obj):
        data = json.dumps(obj, allow_nan=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_json(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not supported; send Content-Length")
        if length is None:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        try:
            size = int(length)
            if size < 0:
                raise ValueError
        except ValueError:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length!r}") from None
        if size > MAX_BODY_BYTES:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               f"body of {size} bytes exceeds the limit of {MAX_BODY_BYTES}")
        raw = self.rfile.read(size)
        self._body_read = True
        try:
            return json.loads(raw)
        except (ValueError, RecursionError) as e:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"request body is not valid JSON: {e}") from None

    def _route_get(self):
        app = self.app
        path = self.path.split("?", 1)[0]
        if path == "/health":
            if app.ready():
                return HTTPStatus.OK, {"status": "ok"}
            return HTTPStatus.SERVICE_UNAVAILABLE, {"status": "loading"}
        if path == "/v2/health/live":
            return HTTPStatus.OK, {"live": True}
        if path == "/v2/health/ready":
            ok = app.ready()
            return (HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE), {"ready": ok}
        if path == "/v2":
            return HTTPStatus.OK, {"name": "sklearn-serve", "version": "1", "extensions": []}
        m = self._model_route(path)
        if m == "/ready":
            ok = app.ready()
            return (HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE), {"name": app.name, "ready": ok}
        if m == "":
            return HTTPStatus.OK, app.metadata()
        if m == "/infer" or path == "/predict":
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, f"{path} takes POST")
        raise RequestError(HTTPStatus.NOT_FOUND, f"no route {path}")

    def _model_route(self, path):
        """The suffix ("", "/ready", "/infer") of a route for this model, or None."""
        m = _MODEL_ROUTE.match(path)
        if not m:
            return None
        name, version, suffix = m.group(1), m.group(2), m.group(3) or ""
        if name != self.app.name:
            raise RequestError(HTTPStatus.NOT_FOUND, f"model {name!r} not found")
        if version is not None and version != MODEL_VERSION:
            raise RequestError(HTTPStatus.NOT_FOUND, f"model {name!r} has no version {version!r}")
        return suffix

    def _route_post(self):
        app = self.app
        path = self.path.split("?", 1)[0]
        suffix = None if path == "/predict" else self._model_route(path)
        if path != "/predict" and suffix != "/infer":
            raise RequestError(HTTPStatus.NOT_FOUND if suffix is None else HTTPStatus.METHOD_NOT_ALLOWED,
                               f"no POST route {path}")
        body = self._read_json()
        if not app.ready():
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "model not ready")
        if app.faults.delay_s > 0:
            time.sleep(app.faults.delay_s)
        if app.faults.next_request_fails():
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "injected failure (--error-rate)")
        if path == "/predict":
            return HTTPStatus.OK, plain_predict(app, body)
        return HTTPStatus.OK, oip_infer(app, body)

    def _handle(self, route):
        self._body_read = False
        try:
            status, obj = route()
        except RequestError as e:
            status, obj = e.status, {"error": e.message}
        except Exception as e:  # a bug must not kill the connection silently
            self.log_error("internal error: %r", e)
            status, obj = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"internal error: {type(e).__name__}"}
        if self.command == "POST" and not self._body_read:
            self.close_connection = True  # an unread body would be taken for the next request
        self._send(status, obj)

    def do_GET(self):
        self._handle(self._route_get)

    def do_HEAD(self):
        self._handle(self._route_get)

    def do_POST(self):
        self._handle(self._route_post)


class Server(ThreadingHTTPServer):
    """A threading HTTP server carrying its App."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a load test opens many connections at once

    def __init__(self, address, app):
        self.app = app
        super().__init__(address, Handler)


def load_model(path):
    """The pickled estimator at path, with the breast-cancer feature names."""
    with open(path, "rb") as f:
        estimator = pickle.load(f)
    if not hasattr(estimator, "predict_proba") or not hasattr(estimator, "classes_"):
        raise ValueError(f"{path}: not a fitted classifier with predict_proba")
    names = load_breast_cancer().feature_names
    n_in = getattr(estimator, "n_features_in_", len(names))
    if n_in != len(names):
        raise ValueError(f"{path}: model takes {n_in} features, want {len(names)}")
    return Model(estimator, names)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="build/model.pkl", help="pickled model (default build/model.pkl)")
    p.add_argument("--port", type=int, default=8080,
                   help="port on 127.0.0.1; 0 picks a free one (default 8080)")
    p.add_argument("--name", default="classifier", help="model name in OIP v2 routes (default classifier)")
    p.add_argument("--delay-ms", type=float, default=0, help="sleep this long in every prediction request")
    p.add_argument("--error-rate", type=float, default=0,
                   help="fraction of prediction requests answered 500, deterministically (0..1)")
    p.add_argument("--startup-delay", type=float, default=0,
                   help="seconds during which health and predictions answer 503")
    p.add_argument("--log-requests", action="store_true", help="log each request to stderr")
    args = p.parse_args(argv)
    if not 0 <= args.port <= 65535:
        p.error(f"--port {args.port}: want 0..65535")
    if not (0 <= args.error_rate <= 1):
        p.error(f"--error-rate {args.error_rate}: want a fraction in [0, 1]")
    if not (0 <= args.delay_ms < math.inf):
        p.error(f"--delay-ms {args.delay_ms}: want a non-negative number")
    if not (0 <= args.startup_delay < math.inf):
        p.error(f"--startup-delay {args.startup_delay}: want a non-negative number")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", args.name):
        p.error(f"--name {args.name!r}: want letters, digits, '_', '.', '-'")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        model = load_model(args.model)
    except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError, ImportError) as e:
        print(f"serve.py: loading model {args.model}: {e}", file=sys.stderr)
        return 2
    app = App(model, args.name, Faults(args.delay_ms, args.error_rate),
              args.startup_delay, args.log_requests)
    try:
        server = Server((HOST, args.port), app)
    except OSError as e:
        print(f"serve.py: listening on {HOST}:{args.port}: {e}", file=sys.stderr)
        return 2
    # The first stdout line; a test that started us with --port 0 reads the port from it.
    print(f"listening on http://{HOST}:{server.server_address[1]}", flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
