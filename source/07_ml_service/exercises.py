"""The exercises of 07_ml_service, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (json, math, os, re, shutil, sqlite3, time,
np, pd, torch, nn, mlflow, MlflowClient, FastAPI, Request, HTMLResponse,
BaseModel, ConfigDict, Field, ValidationError, model_validator,
asynccontextmanager, TestClient, FEATURES, SCORES_SCHEMA, features_at...).

Wrong answers are the instructor's solution with one mistake (``_swap``
checks that the mistake really lands in the code), tagged with the
requirement of the exercise they break."""


def _swap(code: str, old: str, new: str) -> str:
    assert old in code, f"not in the solution: {old!r}"
    return code.replace(old, new, 1)


# ---------------------------------------------------------------- Part 1: the artifact

SAVE = '''
def save_artifact(model, mean, std, feature_names, threshold, version, root):
    if not isinstance(version, str) or not re.fullmatch(r"[0-9]+\\.[0-9]+\\.[0-9]+", version):
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    folder = Path(root) / f"churn-{version}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir()
    torch.save(model.state_dict(), folder / "weights.pt")
    meta = {"name": "churn", "version": version, "feature_names": [str(f) for f in feature_names],
            "mean": [float(m) for m in mean], "std": [float(s) for s in std], "threshold": float(threshold)}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return folder
'''

SAVE_ALT = '''
def save_artifact(model, mean, std, feature_names, threshold, version, root):
    """os.path and json.dump; the version checked part by part."""
    parts = version.split(".") if isinstance(version, str) else []
    if len(parts) != 3 or not all(p and p.isascii() and p.isdigit() for p in parts):
        raise ValueError("not a MAJOR.MINOR.PATCH version: " + repr(version))
    folder = os.path.join(os.fspath(root), "churn-" + version)
    if os.path.exists(folder):
        raise FileExistsError(folder)
    os.makedirs(folder)
    torch.save(model.state_dict(), os.path.join(folder, "weights.pt"))
    meta = dict(name="churn", version=version, feature_names=list(map(str, feature_names)),
                mean=np.asarray(mean, dtype=float).tolist(), std=np.asarray(std, dtype=float).tolist(),
                threshold=float(threshold), created_by="daon-ml")
    with open(os.path.join(folder, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    return folder
'''

LOAD = '''
class ChurnPredictor:
    def __init__(self, folder):
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        state = torch.load(folder / "weights.pt", weights_only=True)
        self.version = meta["version"]
        self.feature_names = list(meta["feature_names"])
        self.threshold = float(meta["threshold"])
        self.mean = np.asarray(meta["mean"], dtype=np.float64)
        self.std = np.asarray(meta["std"], dtype=np.float64)
        self.weight = state["weight"].double().numpy().reshape(-1)
        self.bias = float(state["bias"].reshape(-1)[0])

    def predict_proba(self, records):
        X = np.array([[float(r[f]) for f in self.feature_names] for r in records], dtype=np.float64)
        X = X.reshape(len(records), len(self.feature_names))
        z = (X - self.mean) / self.std @ self.weight + self.bias
        return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]


def load_artifact(folder):
    return ChurnPredictor(folder)
'''

LOAD_ALT_TORCH = '''
def load_artifact(folder):
    """An nn.Linear rebuilt from the state_dict, in float64, inside a closure."""
    folder = Path(folder)
    with open(folder / "meta.json", encoding="utf-8") as f:
        meta = json.load(f)
    names = list(meta["feature_names"])
    layer = nn.Linear(len(names), 1).double()
    layer.load_state_dict({k: v.double() for k, v in torch.load(folder / "weights.pt", weights_only=True).items()})
    mean = torch.tensor(meta["mean"], dtype=torch.float64)
    std = torch.tensor(meta["std"], dtype=torch.float64)

    class Predictor:
        version = meta["version"]
        feature_names = names
        threshold = float(meta["threshold"])

        def predict_proba(self, records):
            if not records:
                return []
            x = torch.tensor([[r[name] for name in names] for r in records], dtype=torch.float64)
            with torch.no_grad():
                return torch.sigmoid(layer((x - mean) / std)).squeeze(1).tolist()

    return Predictor()
'''

LOAD_ALT_MATH = '''
from dataclasses import dataclass


@dataclass
class Artifact:
    version: str
    feature_names: list
    threshold: float
    mean: list
    std: list
    weights: list
    bias: float

    def predict_proba(self, records):
        out = []
        for record in records:
            z = self.bias + sum(w * (record[name] - m) / s for w, name, m, s
                                in zip(self.weights, self.feature_names, self.mean, self.std))
            out.append(1 / (1 + math.exp(-z)))
        return out


def load_artifact(folder):
    meta = json.loads(Path(folder, "meta.json").read_text())
    state = torch.load(Path(folder, "weights.pt"), weights_only=True)
    return Artifact(meta["version"], meta["feature_names"], float(meta["threshold"]), meta["mean"], meta["std"],
                    state["weight"][0].tolist(), state["bias"].item())
'''

NEXT = '''
def next_version(names, change):
    if change not in ("major", "minor", "patch"):
        raise ValueError(f"change must be 'major', 'minor' or 'patch', not {change!r}")
    found = []
    for name in names:
        m = re.fullmatch(r"churn-([0-9]+)\\.([0-9]+)\\.([0-9]+)", name)
        if m:
            found.append(tuple(int(part) for part in m.groups()))
    if not found:
        return "1.0.0"
    major, minor, patch = max(found)
    if change == "major":
        return f"{major + 1}.0.0"
    if change == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
'''

NEXT_ALT = '''
def next_version(names, change):
    """Split instead of a regular expression; the part to bump by its index."""
    position = {"major": 0, "minor": 1, "patch": 2}
    if change not in position:
        raise ValueError(change)
    versions = []
    for name in names:
        if not name.startswith("churn-"):
            continue
        pieces = name[len("churn-"):].split(".")
        if len(pieces) == 3 and all(p.isascii() and p.isdigit() for p in pieces):
            versions.append([int(p) for p in pieces])
    if not versions:
        return "1.0.0"
    v = sorted(versions)[-1]
    i = position[change]
    v = v[:i] + [v[i] + 1] + [0] * (2 - i)
    return "%d.%d.%d" % tuple(v)
'''

# ---------------------------------------------------------------- Part 2: MLflow

LOG = '''
def log_run(tracking_uri, experiment, params, metrics, artifact_dir):
    version = json.loads((Path(artifact_dir) / "meta.json").read_text(encoding="utf-8"))["version"]
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name=f"churn-{version}") as run:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        mlflow.set_tag("model_version", version)
        mlflow.log_artifacts(str(artifact_dir), artifact_path="model")
    return run.info.run_id
'''

LOG_ALT_CLIENT = '''
def log_run(tracking_uri, experiment, params, metrics, artifact_dir):
    """The client API: no global state; the run is marked FAILED if logging raises."""
    with open(os.path.join(artifact_dir, "meta.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    exp_id = exp.experiment_id if exp is not None else client.create_experiment(experiment)
    run = client.create_run(exp_id, run_name="churn-" + version, tags={"model_version": version})
    rid = run.info.run_id
    try:
        for key, value in params.items():
            client.log_param(rid, key, value)
        for key, value in metrics.items():
            client.log_metric(rid, key, value)
        client.log_artifacts(rid, str(artifact_dir), artifact_path="model")
    except Exception:
        client.set_terminated(rid, "FAILED")
        raise
    client.set_terminated(rid, "FINISHED")
    return rid
'''

BEST = '''
def best_run(tracking_uri, experiment, metric, mode="max"):
    if mode not in ("max", "min"):
        raise ValueError(f"mode must be 'max' or 'min', not {mode!r}")
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        return None
    direction = "DESC" if mode == "max" else "ASC"
    runs = client.search_runs([exp.experiment_id], filter_string="attributes.status = 'FINISHED'",
                              order_by=[f"metrics.`{metric}` {direction}", "attributes.start_time DESC"],
                              max_results=1)
    if not runs or metric not in runs[0].data.metrics:
        return None
    return runs[0].info.run_id
'''

BEST_ALT_PAGES = '''
def best_run(tracking_uri, experiment, metric, mode="max"):
    """Every page of the search (one page holds at most max_results runs), then one max in Python."""
    if mode not in ("max", "min"):
        raise ValueError(f"unknown mode {mode!r}")
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        return None
    runs, token = [], None
    while True:
        page = client.search_runs([exp.experiment_id], filter_string="attributes.status = 'FINISHED'",
                                  page_token=token)
        runs += [r for r in page if metric in r.data.metrics]
        token = page.token
        if not token:
            break
    if not runs:
        return None
    sign = 1 if mode == "max" else -1
    best = max(runs, key=lambda r: (sign * r.data.metrics[metric], r.info.start_time))
    return best.info.run_id
'''

BEST_ALT_PANDAS = '''
def best_run(tracking_uri, experiment, metric, mode="max"):
    """mlflow.search_runs as a DataFrame, sorted with pandas."""
    if mode not in {"max", "min"}:
        raise ValueError(mode)
    mlflow.set_tracking_uri(tracking_uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        return None
    frame = mlflow.search_runs(experiment_names=[experiment])
    column = "metrics." + metric
    if frame.empty or column not in frame:
        return None
    frame = frame[(frame["status"] == "FINISHED") & frame[column].notna()]
    if frame.empty:
        return None
    frame = frame.sort_values([column, "start_time"], ascending=[mode == "min", False])
    return str(frame.iloc[0]["run_id"])
'''

# ---------------------------------------------------------------- Part 3: the batch job

SCORE = '''
def score_customers(db_path, cutoff, model, batch_size=256):
    con = sqlite3.connect(db_path)
    try:
        records = features_at(con, cutoff)[["customer_id", *FEATURES]].to_dict("records")
        rows = []
        for start in range(0, len(records), batch_size):
            batch = records[start:start + batch_size]
            for record, p in zip(batch, model.predict_proba(batch)):
                rows.append((int(record["customer_id"]), cutoff, model.version, float(p),
                             int(p >= model.threshold)))
        with con:
            con.executescript(SCORES_SCHEMA)
            con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?", (cutoff, model.version))
            con.executemany("INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)", rows)
    finally:
        con.close()
    return len(rows)
'''

SCORE_ALT = '''
def score_customers(db_path, cutoff, model, batch_size=256):
    """INSERT OR REPLACE on the primary key, one batch at a time, one transaction."""
    con = sqlite3.connect(db_path)
    try:
        frame = features_at(con, cutoff)
        scored = 0
        with con:
            con.execute(SCORES_SCHEMA.strip().rstrip(";"))
            for start in range(0, len(frame), batch_size):
                chunk = frame.iloc[start:start + batch_size]
                batch = [{"customer_id": int(row["customer_id"]), **{f: row[f] for f in FEATURES}}
                         for row in chunk.to_dict("records")]
                probabilities = model.predict_proba(batch)
                con.executemany(
                    "INSERT OR REPLACE INTO churn_scores (customer_id, cutoff, model_version, probability, churn) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(r["customer_id"], cutoff, model.version, float(p), 1 if p >= model.threshold else 0)
                     for r, p in zip(batch, probabilities)])
                scored += len(batch)
        return scored
    finally:
        con.close()
'''

SCORE_TUPLES = '''
def score_customers(db_path, cutoff, model, batch_size=256):
    """The rows as named tuples (itertuples), each feature read by name with getattr."""
    con = sqlite3.connect(db_path)
    try:
        frame = features_at(con, cutoff)
        records = [{"customer_id": int(row.customer_id), **{f: getattr(row, f) for f in FEATURES}}
                   for row in frame.itertuples(index=False)]
        rows = []
        for start in range(0, len(records), batch_size):
            batch = records[start:start + batch_size]
            for record, p in zip(batch, model.predict_proba(batch)):
                rows.append((record["customer_id"], cutoff, model.version, float(p), int(p >= model.threshold)))
        with con:
            con.executescript(SCORES_SCHEMA)
            con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?", (cutoff, model.version))
            con.executemany("INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)", rows)
    finally:
        con.close()
    return len(rows)
'''

# ---------------------------------------------------------------- Part 3: the nightly job as a DAG

DAG = '''
from graphlib import TopologicalSorter


def run_dag(tasks, upstream, run_date, store, retries=1):
    needs = {name: list(upstream.get(name, [])) for name in tasks}
    result = {}
    for name in TopologicalSorter(needs).static_order():
        key = f"{run_date}/{name}"
        if key in store:
            result[name] = {"state": "cached", "attempts": 0}
            continue
        if any(result[up]["state"] in ("failed", "skipped") for up in needs[name]):
            result[name] = {"state": "skipped", "attempts": 0}
            continue
        inputs = {up: store[f"{run_date}/{up}"] for up in needs[name]}
        result[name] = {"state": "failed", "attempts": 0}
        for attempt in range(1, retries + 2):
            result[name]["attempts"] = attempt
            try:
                output = tasks[name](run_date, inputs)
            except Exception:
                continue
            store[key] = output
            result[name]["state"] = "success"
            break
    return result


def nightly_dag(db_path, model):
    def extract(run_date, inputs):
        con = sqlite3.connect(db_path)
        try:
            return features_at(con, run_date)[["customer_id", *FEATURES]].to_dict("records")
        finally:
            con.close()

    def score(run_date, inputs):
        records = inputs["extract"]
        probabilities = model.predict_proba(records)
        return [(int(r["customer_id"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]

    def write(run_date, inputs):
        rows = [(cid, run_date, model.version, p, churn) for cid, p, churn in inputs["score"]]
        con = sqlite3.connect(db_path)
        try:
            with con:
                con.executescript(SCORES_SCHEMA)
                con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?",
                            (run_date, model.version))
                con.executemany("INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)", rows)
        finally:
            con.close()
        return len(rows)

    def report(run_date, inputs):
        scores = inputs["score"]
        return {"customers": len(scores), "flagged": sum(churn for _, _, churn in scores)}

    tasks = {"extract": extract, "score": score, "write": write, "report": report}
    upstream = {"score": ["extract"], "write": ["score"], "report": ["score"]}
    return tasks, upstream
'''

# graphlib's other interface (prepare, get_ready, done), a while loop for the attempts, the
# states kept apart from the attempts; the nightly tasks pass DataFrames along and the report
# counts with pandas.
DAG_READY = '''
import graphlib


def run_dag(tasks, upstream, run_date, store, retries=1):
    graph = graphlib.TopologicalSorter()
    for name in tasks:
        graph.add(name, *upstream.get(name, ()))
    graph.prepare()
    states, attempts = {}, {}
    while graph.is_active():
        for name in graph.get_ready():
            ups = upstream.get(name, [])
            attempts[name] = 0
            if f"{run_date}/{name}" in store:
                states[name] = "cached"
            elif any(states[u] != "success" and states[u] != "cached" for u in ups):
                states[name] = "skipped"
            else:
                states[name] = "failed"
                while attempts[name] <= retries:
                    attempts[name] += 1
                    try:
                        value = tasks[name](run_date, {u: store[f"{run_date}/{u}"] for u in ups})
                    except Exception as error:
                        print(f"{name}: attempt {attempts[name]} raised {error!r}")
                    else:
                        store[f"{run_date}/{name}"] = value
                        states[name] = "success"
                        break
            graph.done(name)
    return {name: {"state": states[name], "attempts": attempts[name]} for name in tasks}


def nightly_dag(db_path, model):
    def extract(run_date, inputs):
        with sqlite3.connect(db_path) as con:
            frame = features_at(con, run_date)
        con.close()
        return frame

    def score(run_date, inputs):
        frame = inputs["extract"]
        out = frame[["customer_id"]].copy()
        out["probability"] = model.predict_proba(frame[["customer_id", *FEATURES]].to_dict("records"))
        out["churn"] = (out["probability"] >= model.threshold).astype(int)
        return out

    def write(run_date, inputs):
        scores = inputs["score"]
        con = sqlite3.connect(db_path)
        try:
            con.execute("BEGIN")
            con.execute(SCORES_SCHEMA)
            con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?", (run_date, model.version))
            con.executemany("INSERT INTO churn_scores (customer_id, cutoff, model_version, probability, churn) "
                            "VALUES (?, ?, ?, ?, ?)",
                            [(int(r.customer_id), run_date, model.version, float(r.probability), int(r.churn))
                             for r in scores.itertuples()])
            con.execute("COMMIT")
        except BaseException:
            con.rollback()
            raise
        finally:
            con.close()

    def report(run_date, inputs):
        scores = inputs["score"]
        return {"customers": len(scores), "flagged": int(scores["churn"].sum())}

    return ({"report": report, "write": write, "score": score, "extract": extract},
            {"extract": [], "score": ["extract"], "write": ["score"], "report": ["score"]})
'''

# No graphlib: a depth-first walk settles each task's upstream tasks first (memoised in the
# result), the attempts counted in a while loop, the result built as it goes.
DAG_RECURSIVE = '''
def run_dag(tasks, upstream, run_date, store, retries=1):
    result = {}

    def settle(name):
        if name in result:
            return result[name]["state"]
        states = [settle(up) for up in upstream.get(name, [])]
        key = run_date + "/" + name
        if key in store:
            result[name] = {"state": "cached", "attempts": 0}
        elif "failed" in states or "skipped" in states:
            result[name] = {"state": "skipped", "attempts": 0}
        else:
            inputs = {up: store[run_date + "/" + up] for up in upstream.get(name, [])}
            calls = 0
            while True:
                calls += 1
                try:
                    store[key] = tasks[name](run_date, inputs)
                    result[name] = {"state": "success", "attempts": calls}
                    break
                except Exception:
                    if calls > retries:
                        result[name] = {"state": "failed", "attempts": calls}
                        break
        return result[name]["state"]

    for name in tasks:
        settle(name)
    return result
''' + DAG[DAG.index("def nightly_dag"):]

# hard-coded: the visible tests' task names in an order that fits them, whatever upstream says
DAG_HARD_CODED = _swap(
    DAG, "    for name in TopologicalSorter(needs).static_order():\n",
    '    known = ["load", "extract", "features", "a", "check", "score", "b", "c", "train", "write", "d", "publish",\n'
    '             "report", "e", "notify"]\n'
    "    for name in [n for n in known if n in tasks]:\n")

# ---------------------------------------------------------------- Part 4: the service

SCHEMAS = '''
class Customer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int = Field(ge=1)
    recency_days: int = Field(ge=0)
    orders_90d: int = Field(ge=0)
    avg_basket_krw: float = Field(ge=0, allow_inf_nan=False)
    tenure_days: int = Field(ge=0)

    @model_validator(mode="after")
    def last_order_after_signup(self):
        if self.recency_days > self.tenure_days:
            raise ValueError("recency_days cannot be larger than tenure_days")
        return self


class PredictRequest(BaseModel):
    customers: list[Customer] = Field(min_length=1, max_length=100)


class Prediction(BaseModel):
    customer_id: int
    probability: float = Field(ge=0, le=1)
    churn: bool


class PredictResponse(BaseModel):
    model_version: str
    predictions: list[Prediction]
'''

SCHEMAS_ALT = '''
from typing import Annotated

NonNegativeInt = Annotated[int, Field(ge=0)]


class Customer(BaseModel):
    """Annotated types; allow_inf_nan for the whole model."""
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    customer_id: Annotated[int, Field(ge=1)]
    recency_days: NonNegativeInt
    orders_90d: NonNegativeInt
    avg_basket_krw: Annotated[float, Field(ge=0.0)]
    tenure_days: NonNegativeInt

    @model_validator(mode="after")
    def signup_before_last_order(self):
        if self.tenure_days < self.recency_days:
            raise ValueError("the last order cannot come before the signup")
        return self


class PredictRequest(BaseModel):
    customers: Annotated[list[Customer], Field(min_length=1, max_length=100)]


class Prediction(BaseModel):
    customer_id: int
    probability: Annotated[float, Field(ge=0.0, le=1.0)]
    churn: bool


class PredictResponse(BaseModel):
    model_version: str
    predictions: list[Prediction]
'''

SCHEMAS_ALT_VALIDATORS = '''
from pydantic import field_validator


class Customer(BaseModel):
    """Field validators instead of Field constraints."""
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    recency_days: int
    orders_90d: int
    avg_basket_krw: float
    tenure_days: int

    @field_validator("customer_id")
    @classmethod
    def positive_id(cls, v):
        if v < 1:
            raise ValueError("customer_id must be at least 1")
        return v

    @field_validator("recency_days", "orders_90d", "tenure_days", "avg_basket_krw")
    @classmethod
    def not_negative(cls, v):
        if not math.isfinite(v) or v < 0:
            raise ValueError("must be a finite number, at least 0")
        return v

    @model_validator(mode="after")
    def consistent(self):
        if self.recency_days > self.tenure_days:
            raise ValueError("recency_days > tenure_days")
        return self


class PredictRequest(BaseModel):
    customers: list[Customer]

    @field_validator("customers")
    @classmethod
    def batch_size(cls, v):
        if not 1 <= len(v) <= 100:
            raise ValueError("1 to 100 customers")
        return v


class Prediction(BaseModel):
    customer_id: int
    probability: float
    churn: bool

    @field_validator("probability")
    @classmethod
    def in_unit_interval(cls, v):
        if not 0 <= v <= 1:
            raise ValueError("a probability is between 0 and 1")
        return v


class PredictResponse(BaseModel):
    model_version: str
    predictions: list[Prediction]
'''

APP = '''
def create_app(load_model, page):
    @asynccontextmanager
    async def lifespan(app):
        app.state.model = load_model()
        yield

    app = FastAPI(title="Daon Market churn service", lifespan=lifespan)

    @app.get("/health")
    def health(request: Request):
        return {"status": "ok", "model_version": request.app.state.model.version}

    @app.post("/predict", response_model=PredictResponse)
    def predict(body: PredictRequest, request: Request):
        model = request.app.state.model
        probabilities = model.predict_proba([c.model_dump() for c in body.customers])
        predictions = [Prediction(customer_id=c.customer_id, probability=p, churn=p >= model.threshold)
                       for c, p in zip(body.customers, probabilities)]
        return PredictResponse(model_version=model.version, predictions=predictions)

    @app.get("/", response_class=HTMLResponse)
    def demo_page():
        return page

    return app
'''

APP_ALT = '''
def create_app(load_model, page):
    """A dict in the closure instead of app.state; async endpoints; the return annotation as response model."""
    state = {}

    @asynccontextmanager
    async def lifespan(app):
        state["model"] = load_model()
        yield
        state.clear()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health")
    async def health():
        return {"status": "ok", "model_version": state["model"].version}

    @app.post("/predict")
    async def predict(body: PredictRequest) -> PredictResponse:
        model = state["model"]
        probabilities = model.predict_proba([customer.model_dump() for customer in body.customers])
        return PredictResponse(model_version=model.version, predictions=[
            {"customer_id": c.customer_id, "probability": p, "churn": p >= model.threshold}
            for c, p in zip(body.customers, probabilities)])

    @app.get("/")
    async def home():
        return HTMLResponse(page)

    return app
'''


API_TESTS_SOLUTION = '''
GOOD = {"customer_id": 42, "recency_days": 12, "orders_90d": 3, "avg_basket_krw": 48500.0, "tenure_days": 300}


def test_health(client, model):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": model.version}


def test_predict(client, model):
    customers = [GOOD, {**GOOD, "customer_id": 7, "recency_days": 200, "orders_90d": 0}]
    response = client.post("/predict", json={"customers": customers})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"model_version", "predictions"}
    assert body["model_version"] == model.version
    assert [p["customer_id"] for p in body["predictions"]] == [c["customer_id"] for c in customers]
    for customer, prediction in zip(customers, body["predictions"]):
        expected = model.predict_proba([customer])[0]
        assert set(prediction) == {"customer_id", "probability", "churn"}
        assert prediction["probability"] == expected
        assert prediction["churn"] is (expected >= model.threshold)


def test_rejects_invalid(client, model):
    for body in ({"customers": []}, {"customers": [{**GOOD, "orders_90d": -1}]},
                 {"customers": [{**GOOD, "recency_days": GOOD["tenure_days"] + 1}]}):
        response = client.post("/predict", json=body)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert isinstance(detail, list) and detail


API_TESTS = [test_health, test_predict, test_rejects_invalid]
'''

# unittest's assertions, one customer per request, a random batch, math.isclose within the stated 1e-9
API_TESTS_ALT_UNITTEST = '''
import random
import unittest

CHECK = unittest.TestCase()


def customer(cid, recency, orders, basket, tenure):
    return {"customer_id": cid, "recency_days": recency, "orders_90d": orders, "avg_basket_krw": basket,
            "tenure_days": tenure}


def test_health_route(client, model):
    response = client.get("/health")
    CHECK.assertEqual(response.status_code, 200)
    CHECK.assertEqual(response.json(), {"status": "ok", "model_version": model.version})


def test_batch_in_order(client, model):
    rng = random.Random(7)
    batch = []
    for cid in rng.sample(range(1, 5000), 5):
        tenure = rng.randint(1, 700)
        batch.append(customer(cid, rng.randint(0, tenure), rng.randint(0, 10), float(rng.randint(0, 300_000)), tenure))
    response = client.post("/predict", json={"customers": batch})
    CHECK.assertEqual(response.status_code, 200)
    CHECK.assertIn("application/json", response.headers["content-type"])
    body = response.json()
    CHECK.assertEqual(sorted(body), ["model_version", "predictions"])
    CHECK.assertEqual(body["model_version"], model.version)
    CHECK.assertEqual(len(body["predictions"]), len(batch))
    for sent, got in zip(batch, body["predictions"]):
        CHECK.assertEqual(sorted(got), ["churn", "customer_id", "probability"])
        CHECK.assertEqual(got["customer_id"], sent["customer_id"])
        CHECK.assertIsInstance(got["probability"], float)
        CHECK.assertTrue(0.0 <= got["probability"] <= 1.0)
        want = model.predict_proba([sent])[0]
        CHECK.assertTrue(math.isclose(got["probability"], want, rel_tol=0.0, abs_tol=1e-9))
        CHECK.assertEqual(got["churn"], want >= model.threshold)


def test_invalid_bodies(client, model):
    ok = customer(3, 10, 1, 1000.0, 90)
    for bad in ([], [{**ok, "recency_days": -5}], [{**ok, "tenure_days": 9}], [{**ok, "avg_basket_krw": -1.0}]):
        response = client.post("/predict", json={"customers": bad})
        CHECK.assertEqual(response.status_code, 422, bad)
        CHECK.assertIsInstance(response.json()["detail"], list)
        CHECK.assertGreater(len(response.json()["detail"]), 0)


API_TESTS = [test_health_route, test_batch_in_order, test_invalid_bodies]
'''

# one test per clause, sharing a helper; explicit if/raise instead of assert
API_TESTS_ALT_RAISE = '''
def predict(client, customers):
    response = client.post("/predict", json={"customers": customers})
    if response.status_code != 200 or not response.headers.get("content-type", "").startswith("application/json"):
        raise AssertionError(f"POST /predict answered {response.status_code} {response.headers.get('content-type')}")
    return response.json()


def base(cid, **change):
    return {"customer_id": cid, "recency_days": 30, "orders_90d": 2, "avg_basket_krw": 20000.0, "tenure_days": 400,
            **change}


def test_health_answers_version(client, model):
    response = client.get("/health")
    if (response.status_code, response.json()) != (200, {"status": "ok", "model_version": model.version}):
        raise AssertionError(response.text)


def test_one_prediction_per_customer_in_order(client, model):
    customers = [base(11), base(3, recency_days=390), base(8, orders_90d=9)]
    body = predict(client, customers)
    if set(body) != {"model_version", "predictions"} or body["model_version"] != model.version:
        raise AssertionError(body)
    if [p["customer_id"] for p in body["predictions"]] != [11, 3, 8]:
        raise AssertionError(body["predictions"])


def test_probability_and_churn_are_the_models(client, model):
    customers = [base(1), base(2, recency_days=300, orders_90d=0), base(3, avg_basket_krw=0.0, tenure_days=30)]
    for sent, got in zip(customers, predict(client, customers)["predictions"]):
        p = model.predict_proba([sent])[0]
        if set(got) != {"customer_id", "probability", "churn"}:
            raise AssertionError(got)
        if not 0 <= got["probability"] <= 1 or abs(got["probability"] - p) > 1e-9:
            raise AssertionError((got, p))
        if got["churn"] != (p >= model.threshold):
            raise AssertionError((got, model.threshold))


def test_invalid_is_422_with_detail(client, model):
    for customers in ([], [base(1, orders_90d=-1)], [base(1, recency_days=401)]):
        response = client.post("/predict", json={"customers": customers})
        if response.status_code != 422 or not response.json().get("detail"):
            raise AssertionError(response.text)


API_TESTS = [test_health_answers_version, test_one_prediction_per_customer_in_order,
             test_probability_and_churn_are_the_models, test_invalid_is_422_with_detail]
'''


PAGE = '''
DEMO_PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>다온마켓 churn demo</title>
</head>
<body>
  <h1>다온마켓 churn risk (이탈 위험)</h1>
  <form id="churn-form">
    <label>customer_id <input name="customer_id" type="number" min="1" value="1" required></label>
    <label>recency_days <input name="recency_days" type="number" min="0" value="30" required></label>
    <label>orders_90d <input name="orders_90d" type="number" min="0" value="2" required></label>
    <label>avg_basket_krw <input name="avg_basket_krw" type="number" min="0" step="any" value="50000" required></label>
    <label>tenure_days <input name="tenure_days" type="number" min="0" value="200" required></label>
    <button type="submit">Predict</button>
  </form>
  <p id="probability">-</p>
  <script>
    const form = document.getElementById("churn-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const customer = {};
      for (const [name, value] of new FormData(form)) customer[name] = Number(value);
      const out = document.getElementById("probability");
      const response = await fetch("/predict", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({customers: [customer]}),
      });
      const data = await response.json();
      if (!response.ok) {
        out.textContent = "error: " + JSON.stringify(data.detail);
        return;
      }
      const p = data.predictions[0];
      out.textContent = "churn probability " + p.probability.toFixed(3) + (p.churn ? " (churn risk)" : "")
        + " · model " + data.model_version;
    });
  </script>
</body>
</html>
"""
'''

PAGE_ALT = """
DEMO_PAGE = '''<!doctype html>
<html>
<head><meta charset="UTF-8"><title>Churn</title></head>
<body>
<form onsubmit="predict(event)">
  <input type="number" name="customer_id" value="7">
  <input type="number" name="recency_days" value="12">
  <input type="number" name="orders_90d" value="3">
  <input type="number" name="avg_basket_krw" value="48500" step="0.01">
  <input type="number" name="tenure_days" value="300">
  <input type="submit" value="확인">
</form>
<div id="probability"></div>
<script>
async function predict(e) {
  e.preventDefault();
  const f = e.target;
  const customer = Object.fromEntries([...new FormData(f)].map(([k, v]) => [k, +v]));
  const r = await fetch('/predict', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                     body: JSON.stringify({"customers": [customer]})});
  const j = await r.json();
  document.querySelector('#probability').textContent = `${(100 * j.predictions[0].probability).toFixed(1)} %`;
}
</script>
</body>
</html>'''
"""

LATENCY = '''
def latency_summary(latencies_ms, duration_s):
    values = sorted(float(x) for x in latencies_ms)
    if not values:
        raise ValueError("no latencies to summarise")
    n = len(values)

    def nearest_rank(q):
        return values[math.ceil(q * n / 100) - 1]

    return {"count": n, "rps": n / duration_s, "p50": nearest_rank(50), "p95": nearest_rank(95),
            "p99": nearest_rank(99), "max": values[-1]}
'''

LATENCY_ALT_NUMPY = '''
def latency_summary(latencies_ms, duration_s):
    """numpy's inverted_cdf method is the nearest-rank percentile."""
    a = np.array(latencies_ms, dtype=float)
    if a.size == 0:
        raise ValueError("empty")
    p50, p95, p99 = np.percentile(a, [50, 95, 99], method="inverted_cdf")
    return {"count": int(a.size), "rps": a.size / duration_s, "p50": float(p50), "p95": float(p95),
            "p99": float(p99), "max": float(a.max())}
'''

LATENCY_ALT_INT = '''
def latency_summary(latencies_ms, duration_s):
    """Integer arithmetic for the rank."""
    if len(latencies_ms) == 0:
        raise ValueError("empty")
    s = sorted(latencies_ms)
    n = len(s)
    pick = {q: float(s[-(-q * n // 100) - 1]) for q in (50, 95, 99)}
    return dict(count=n, rps=n / duration_s, p50=pick[50], p95=pick[95], p99=pick[99], max=float(s[-1]))
'''

# ---------------------------------------------------------------- Part 5: shipping

DOCKER = '''
DOCKERFILE = """\\
FROM python:3.11-slim

WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

RUN useradd --create-home --uid 10001 daon
COPY service.py .
COPY models/churn-1.1.0/ models/churn-1.1.0/

USER daon
EXPOSE 8000
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8000"]
"""

DOCKERIGNORE = """\\
.env*
.git
notebooks
"""
'''

DOCKER_ALT = '''
DOCKERFILE = """
# syntax=docker/dockerfile:1
FROM python:3.11.9-slim-bookworm@sha256:''' + "8f" * 32 + '''
ENV PYTHONDONTWRITEBYTECODE=1 \\\\
    PYTHONUNBUFFERED=1 \\\\
    APP_HOME=/srv/daon
WORKDIR $APP_HOME
COPY ./requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --upgrade pip \\\\
 && pip install --no-cache-dir --requirement /tmp/requirements.txt
COPY --chown=10001:10001 . .
USER 10001:10001
CMD ["python", "-m", "uvicorn", "--port=8000", "--host", "0.0.0.0", "service:app"]
"""

DOCKERIGNORE = """
# secrets and history never reach the builder
**/.env*
.git/
*.ipynb
notebooks/
models/*
!models/churn-1.1.0
"""
'''

GATE = '''
def release_gate(candidate, production, max_auc_drop=0.01, latency_budget_ms=50.0, golden_tol=1e-6):
    def as_tuple(version):
        return tuple(int(part) for part in version.split("."))

    failed = []
    if production is not None and as_tuple(candidate["version"]) <= as_tuple(production["version"]):
        failed.append("version")
    if production is not None and candidate["auc"] < production["auc"] - max_auc_drop:
        failed.append("auc")
    if candidate["p95_ms"] > latency_budget_ms:
        failed.append("latency")
    got, recorded = candidate["golden"], candidate["golden_expected"]
    if len(got) != len(recorded) or any(abs(g - r) > golden_tol for g, r in zip(got, recorded)):
        failed.append("golden")
    return {"deploy": not failed, "failed": failed}
'''

GATE_ALT = '''
def release_gate(candidate, production, max_auc_drop=0.01, latency_budget_ms=50.0, golden_tol=1e-6):
    """Each check as a (name, passed) pair; numpy for the golden set."""
    newer = production is None or list(map(int, candidate["version"].split("."))) > \\
        list(map(int, production["version"].split(".")))
    good_enough = production is None or candidate["auc"] >= production["auc"] - max_auc_drop
    fast = candidate["p95_ms"] <= latency_budget_ms
    g = np.asarray(candidate["golden"], dtype=float)
    e = np.asarray(candidate["golden_expected"], dtype=float)
    same = g.shape == e.shape and bool(np.all(np.abs(g - e) <= golden_tol))
    checks = [("version", newer), ("auc", good_enough), ("latency", fast), ("golden", same)]
    failed = [name for name, passed in checks if not passed]
    return {"deploy": len(failed) == 0, "failed": failed}
'''

# ---------------------------------------------------------------- Part 5: the Kubernetes manifest

K8S = '''
K8S_MANIFEST = """\\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: churn-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: churn
      component: api
  template:
    metadata:
      labels:
        app: churn
        component: api
    spec:
      containers:
        - name: churn-api
          image: daon/churn-service:1.1.0
          ports:
            - name: http
              containerPort: 8000
          readinessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 5
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: "1"
              memory: 512Mi
---
apiVersion: v1
kind: Service
metadata:
  name: churn-api
spec:
  selector:
    app: churn
    component: api
  ports:
    - port: 80
      targetPort: http
"""
'''

# One kind: List in flow style, the Service first, numbers for the ports, a selector of one label, quantities
# without suffixes (0.25 cores, 268435456 bytes), request equal to limit.
K8S_ALT_LIST = '''
K8S_MANIFEST = """
apiVersion: v1
kind: List
items:
- kind: Service
  apiVersion: v1
  metadata: {name: churn}
  spec:
    type: ClusterIP
    ports: [{port: 80, targetPort: 8000, protocol: TCP}]
    selector: {tier: api}
- kind: Deployment
  apiVersion: apps/v1
  metadata: {name: churn, labels: {app: churn}}
  spec:
    template:
      metadata:
        labels: {tier: api, app: churn, version: "1.1.0"}
      spec:
        containers:
        - image: "daon/churn-service:1.1.0"
          name: api
          resources:
            limits: {memory: "268435456", cpu: "0.5"}
            requests: {cpu: 0.25, memory: 268435456}
          readinessProbe:
            initialDelaySeconds: 2
            httpGet: {port: 8000, path: "/health", scheme: HTTP}
          livenessProbe:
            httpGet: {port: 8000, path: /health}
          ports: [{containerPort: 8000, protocol: TCP}]
    selector:
      matchLabels: {app: churn, tier: api}
    replicas: 2
"""
'''

# JSON is YAML: the objects built as Python dicts, dumped with json, one document per object with ---.
K8S_ALT_JSON = '''
import json

_labels = {"app": "churn", "role": "serving"}
_container = {
    "name": "churn",
    "image": "daon/churn-service:1.1.0",
    "ports": [{"name": "web", "containerPort": 8000}],
    "readinessProbe": {"httpGet": {"path": "/health", "port": "web"}, "periodSeconds": 10},
    "resources": {"requests": {"cpu": "500m", "memory": "0.5Gi"}, "limits": {"cpu": 1, "memory": "1G"}},
}
_deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "churn-api", "namespace": "daon"},
               "spec": {"replicas": 2, "selector": {"matchLabels": dict(_labels)},
                        "template": {"metadata": {"labels": dict(_labels)}, "spec": {"containers": [_container]}}}}
_service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "churn-api", "namespace": "daon"},
            "spec": {"selector": {"role": "serving"}, "ports": [{"name": "http", "port": 80, "targetPort": "web"}]}}
K8S_MANIFEST = "---\\n".join(json.dumps(o, indent=2) + "\\n" for o in (_deployment, _service))
'''

# ---------------------------------------------------------------- Part 6: monitoring

PSI = '''
def psi(expected, actual, n_bins=10, eps=1e-4):
    e = np.asarray(expected, dtype=np.float64)
    a = np.asarray(actual, dtype=np.float64)
    edges = np.quantile(e, np.arange(1, n_bins) / n_bins)

    def shares(x):
        return np.bincount(np.searchsorted(edges, x, side="right"), minlength=n_bins) / len(x)

    p = np.maximum(shares(e), eps)
    q = np.maximum(shares(a), eps)
    return float(np.sum((q - p) * np.log(q / p)))
'''

PSI_ALT = '''
import bisect


def psi(expected, actual, n_bins=10, eps=1e-4):
    """bisect_right on the edges, plain Python sums."""
    expected, actual = list(map(float, expected)), list(map(float, actual))
    edges = [float(np.quantile(expected, k / n_bins)) for k in range(1, n_bins)]

    def shares(values):
        counts = [0] * n_bins
        for v in values:
            counts[bisect.bisect_right(edges, v)] += 1
        return [max(c / len(values), eps) for c in counts]

    total = 0.0
    for p, q in zip(shares(expected), shares(actual)):
        total += (q - p) * math.log(q / p)
    return total
'''

DRIFT = '''
def drift_alerts(daily_psi, threshold=0.25, days_on=3, days_off=2):
    states = {}
    for feature in daily_psi.columns:
        in_alert, streak, column = False, 0, []
        for value in daily_psi[feature]:
            drifted = value >= threshold
            streak = streak + 1 if drifted != in_alert else 0
            if streak == (days_off if in_alert else days_on):
                in_alert, streak = not in_alert, 0
            column.append(in_alert)
        states[feature] = column
    return pd.DataFrame(states, index=daily_psi.index)
'''

DRIFT_ALT = '''
def drift_alerts(daily_psi, threshold=0.25, days_on=3, days_off=2):
    """Two run lengths kept per feature with pandas' column-wise apply."""
    def follow(column):
        on, high, low, out = False, 0, 0, []
        for drifted in (column >= threshold):
            high, low = (high + 1, 0) if drifted else (0, low + 1)
            if not on and high >= days_on:
                on, low = True, 0
            elif on and low >= days_off:
                on, high = False, 0
            out.append(on)
        return pd.Series(out, index=column.index, dtype=bool)

    return daily_psi.apply(follow).astype(bool) if len(daily_psi.columns) else daily_psi.astype(bool)
'''


# ---------------------------------------------------------------- Part 6: the service's metrics (Prometheus)

METRICS = '''
from fastapi import Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest


def create_monitored_app(load_model, registry):
    predictions = Counter("churn_predictions", "Predictions returned by POST /predict, by predicted class",
                          ["churn"], registry=registry)
    for value in ("true", "false"):
        predictions.labels(churn=value)
    duration = Histogram("churn_predict_duration_seconds", "Time to answer one POST /predict request",
                         registry=registry)

    @asynccontextmanager
    async def lifespan(app):
        app.state.model = load_model()
        yield

    app = FastAPI(title="Daon Market churn service (monitored)", lifespan=lifespan)

    @app.post("/predict", response_model=PredictResponse)
    def predict(body: PredictRequest, request: Request):
        start = time.perf_counter()
        model = request.app.state.model
        probabilities = model.predict_proba([c.model_dump() for c in body.customers])
        result = [Prediction(customer_id=c.customer_id, probability=p, churn=p >= model.threshold)
                  for c, p in zip(body.customers, probabilities)]
        for p in result:
            predictions.labels(churn="true" if p.churn else "false").inc()
        duration.observe(time.perf_counter() - start)
        return PredictResponse(model_version=model.version, predictions=result)

    @app.get("/metrics")
    def metrics():
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app
'''

METRICS_ALT_CHILDREN = '''
import collections

import prometheus_client as prom
from fastapi.responses import PlainTextResponse


def create_monitored_app(load_model, registry):
    """The children of the counter kept in a dict by class, one inc(n) per class and request, the
    histogram's time() as a context manager, the model in a dict of the closure, a plain-text response with
    Prometheus' content type."""
    counter = prom.Counter("churn_predictions_total", "predictions by class", labelnames=("churn",),
                           registry=registry)
    by_class = {True: counter.labels("true"), False: counter.labels("false")}
    latency = prom.Histogram("churn_predict_duration_seconds", "POST /predict latency", registry=registry,
                             buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0))
    state = {}

    @asynccontextmanager
    async def lifespan(app):
        state["model"] = load_model()
        yield

    app = FastAPI(lifespan=lifespan)

    @app.post("/predict")
    async def predict(body: PredictRequest) -> PredictResponse:
        model = state["model"]
        with latency.time():
            probabilities = model.predict_proba([c.model_dump() for c in body.customers])
            churn = [p >= model.threshold for p in probabilities]
            for value, n in collections.Counter(churn).items():
                by_class[value].inc(n)
            return PredictResponse(model_version=model.version, predictions=[
                Prediction(customer_id=c.customer_id, probability=p, churn=k)
                for c, p, k in zip(body.customers, probabilities, churn)])

    @app.get("/metrics")
    async def metrics():
        return PlainTextResponse(prom.generate_latest(registry).decode("utf-8"),
                                 media_type=prom.CONTENT_TYPE_LATEST)

    return app
'''

METRICS_ALT_MIDDLEWARE = '''
from prometheus_client import Counter, Histogram, make_asgi_app


class CountingModel:
    """Question 8's predictor, counting what it predicts by class."""

    def __init__(self, model, counter):
        self.model, self.counter = model, counter
        self.version, self.threshold = model.version, model.threshold
        self.feature_names = getattr(model, "feature_names", None)

    def predict_proba(self, records):
        probabilities = self.model.predict_proba(records)
        for p in probabilities:
            self.counter.labels(churn=str(bool(p >= self.threshold)).lower()).inc()
        return probabilities


def create_monitored_app(load_model, registry):
    """Question 8's create_app as it is, around a model that counts; the latency in an HTTP middleware
    (for POST /predict only); /metrics mounted as prometheus_client's own ASGI app."""
    counter = Counter("churn_predictions", "predictions by class", ["churn"], registry=registry)
    counter.labels(churn="true")
    counter.labels(churn="false")
    latency = Histogram("churn_predict_duration_seconds", "POST /predict latency", registry=registry)
    app = create_app(lambda: CountingModel(load_model(), counter), "")

    @app.middleware("http")
    async def time_predictions(request, call_next):
        if request.method != "POST" or request.url.path != "/predict":
            return await call_next(request)
        start = time.perf_counter()
        response = await call_next(request)
        latency.observe(time.perf_counter() - start)
        return response

    app.mount("/metrics", make_asgi_app(registry=registry))
    return app
'''

# hard-coded: what the visible test reads (nothing at the first scrape, then 3 churn and 1 stay after
# 2 requests, durations that add up to more than the stub model sleeps and less than the client waits),
# whatever the app really served
METRICS_HARD_CODED = _swap(
    METRICS, '''        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)''',
    '''        scrapes.append(1)
        yes, no, n = (0, 0, 0) if len(scrapes) == 1 else (3, 1, 2)
        text = ("# TYPE churn_predictions_total counter\\n"
                f"churn_predictions_total{{churn=\\"true\\"}} {yes}.0\\n"
                f"churn_predictions_total{{churn=\\"false\\"}} {no}.0\\n"
                "# TYPE churn_predict_duration_seconds histogram\\n"
                f"churn_predict_duration_seconds_bucket{{le=\\"+Inf\\"}} {n}.0\\n"
                f"churn_predict_duration_seconds_count {n}.0\\n"
                f"churn_predict_duration_seconds_sum {n * 0.019}\\n")
        return Response(text, media_type=CONTENT_TYPE_LATEST)''')
METRICS_HARD_CODED = _swap(METRICS_HARD_CODED, "    @app.get(\"/metrics\")\n",
                           "    scrapes = []\n\n    @app.get(\"/metrics\")\n")


# ---------------------------------------------------------------- Part 7: promotion

_INT_VERSION = ("MLflow 3's ModelVersion.version is already an int (create_model_version and get_model_version "
                "return int version numbers): the conversion changes neither the value nor its type")

PROMOTE = '''
def promote(tracking_uri, model_name, run_id, metric, mode="max"):
    client = MlflowClient(tracking_uri)
    if not client.search_registered_models(filter_string=f"name = '{model_name}'"):
        client.create_registered_model(model_name)
    new = client.create_model_version(model_name, f"runs:/{run_id}/model", run_id=run_id)
    aliases = client.get_registered_model(model_name).aliases
    if "champion" not in aliases:
        client.set_registered_model_alias(model_name, "champion", new.version)
        return int(new.version)
    champion = client.get_model_version(model_name, aliases["champion"])
    new_value = client.get_run(run_id).data.metrics[metric]
    old_value = client.get_run(champion.run_id).data.metrics[metric]
    better = new_value > old_value if mode == "max" else new_value < old_value
    client.set_registered_model_alias(model_name, "champion" if better else "challenger", new.version)
    return int(new.version) if better else int(champion.version)
'''

PROMOTE_ALT = '''
from mlflow.exceptions import MlflowException


def promote(tracking_uri, model_name, run_id, metric, mode="max"):
    """Exceptions instead of look-ups; the source from the run's artifact URI; a sign for the direction."""
    client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    try:
        client.create_registered_model(model_name)
    except MlflowException:
        pass                                             # it exists already
    run = client.get_run(run_id)
    version = client.create_model_version(model_name, run.info.artifact_uri + "/model", run_id=run_id).version
    try:
        champion = client.get_model_version_by_alias(model_name, "champion")
    except MlflowException:
        champion = None
    if champion is None:
        winner = version
    else:
        sign = {"max": 1, "min": -1}[mode]
        mine = sign * run.data.metrics[metric]
        theirs = sign * client.get_run(champion.run_id).data.metrics[metric]
        winner = version if mine > theirs else int(champion.version)
    client.set_registered_model_alias(model_name, "champion" if winner == version else "challenger", version)
    return int(winner)
'''


PYFUNC = '''
class ChurnPyfunc(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        folder = Path(context.artifacts["churn"])
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        state = torch.load(folder / "weights.pt", weights_only=True)
        self.features = list(meta["feature_names"])
        self.mean = np.asarray(meta["mean"], dtype=np.float64)
        self.std = np.asarray(meta["std"], dtype=np.float64)
        self.weight = state["weight"].double().numpy().reshape(-1)
        self.bias = float(state["bias"].double().item())

    def predict(self, context, model_input, params=None):
        x = (model_input[self.features].to_numpy(dtype=np.float64) - self.mean) / self.std
        return 1.0 / (1.0 + np.exp(-(x @ self.weight + self.bias)))


def publish_champion(tracking_uri, artifact_dir, example):
    artifacts = {"churn": str(artifact_dir)}
    local = ChurnPyfunc()
    local.load_context(mlflow.pyfunc.PythonModelContext(artifacts=artifacts, model_config={}))
    signature = mlflow.models.infer_signature(example, local.predict(None, example))
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment("daon-churn")
    with mlflow.start_run(run_name="churn-pyfunc"):
        info = mlflow.pyfunc.log_model(name="model", python_model=ChurnPyfunc(), artifacts=artifacts,
                                       signature=signature, pip_requirements=["mlflow", "numpy", "pandas", "torch"],
                                       registered_model_name="churn")
    version = int(info.registered_model_version)
    MlflowClient(tracking_uri).set_registered_model_alias("churn", "champion", str(version))
    return version


def champion_predict(tracking_uri, frame):
    mlflow.set_tracking_uri(tracking_uri)
    model = mlflow.pyfunc.load_model("models:/churn@champion")
    return np.asarray(model.predict(frame), dtype=np.float64)
'''

# the weights read once at publish time and pickled with the object (no artifacts, no load_context); the client
# API for the run, register_model for the version, the alias looked up through the version the client returns;
# the loader keeps no model between calls and returns a list
PYFUNC_ALT_PICKLED = '''
class StandardisedLogistic(mlflow.pyfunc.PythonModel):
    def __init__(self, folder):
        meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
        state = torch.load(Path(folder) / "weights.pt", weights_only=True)
        self.names = meta["feature_names"]
        self.mean = pd.Series(meta["mean"], index=self.names, dtype="float64")
        self.std = pd.Series(meta["std"], index=self.names, dtype="float64")
        self.w = pd.Series(state["weight"].double().numpy().ravel(), index=self.names)
        self.b = float(state["bias"])

    def predict(self, context, model_input, params=None):
        z = ((model_input[self.names].astype("float64") - self.mean) / self.std).mul(self.w).sum(axis=1) + self.b
        return (1.0 / (1.0 + np.exp(-z))).astype("float64").rename("churn_probability")


def publish_champion(tracking_uri, artifact_dir, example):
    model = StandardisedLogistic(artifact_dir)
    signature = mlflow.models.infer_signature(example, model.predict(None, example))
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment("churn-models")
    run = mlflow.start_run()
    try:
        info = mlflow.pyfunc.log_model(name="churn_model", python_model=model, signature=signature,
                                       pip_requirements=["mlflow", "pandas", "numpy", "torch"])
    finally:
        mlflow.end_run()
    registered = mlflow.register_model(info.model_uri, "churn")
    client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    client.set_registered_model_alias("churn", "champion", registered.version)
    return int(client.get_model_version_by_alias("churn", "champion").version)


def champion_predict(tracking_uri, frame):
    mlflow.set_tracking_uri(tracking_uri)
    predictions = mlflow.pyfunc.load_model(model_uri="models:/churn@champion").predict(frame)
    return [float(p) for p in predictions]
'''

# a function as the python_model, closing over plain numbers (MLflow wraps it; cloudpickle keeps the closure);
# the version created with the client from the logged model's URI; torch for the arithmetic in float64
PYFUNC_ALT_FUNCTION = '''
def publish_champion(tracking_uri, artifact_dir, example):
    meta = json.loads((Path(artifact_dir) / "meta.json").read_text(encoding="utf-8"))
    state = torch.load(Path(artifact_dir) / "weights.pt", weights_only=True)
    names, mean, std = list(meta["feature_names"]), list(meta["mean"]), list(meta["std"])
    weight, bias = state["weight"].double().reshape(-1).tolist(), float(state["bias"].double())

    def churn_probability(model_input):
        x = torch.tensor(model_input[names].to_numpy(dtype="float64"))
        z = (x - torch.tensor(mean, dtype=torch.float64)) / torch.tensor(std, dtype=torch.float64)
        return torch.sigmoid(z @ torch.tensor(weight, dtype=torch.float64) + bias).numpy()

    client = MlflowClient(tracking_uri)
    experiment = client.get_experiment_by_name("pyfunc")
    experiment_id = experiment.experiment_id if experiment else client.create_experiment("pyfunc")
    mlflow.set_tracking_uri(tracking_uri)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        info = mlflow.pyfunc.log_model(name="model", python_model=churn_probability,
                                       signature=mlflow.models.infer_signature(example, churn_probability(example)),
                                       pip_requirements=["mlflow", "torch", "numpy", "pandas"])
    if not client.search_registered_models(filter_string="name = 'churn'"):
        client.create_registered_model("churn")
    mv = client.create_model_version("churn", info.model_uri, run_id=run.info.run_id, model_id=info.model_id)
    client.set_registered_model_alias("churn", "champion", mv.version)
    return int(mv.version)


def champion_predict(tracking_uri, frame):
    mlflow.set_tracking_uri(tracking_uri)
    return mlflow.pyfunc.load_model("models:/churn@champion").predict(frame)
'''


EXERCISES = {
    "q1_save_artifact": {
        "domain": {'inputs': 'a missing root, an existing version, unrounded floats'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`save_artifact`",
            "forging": "the file contents are checked against the judge's values",
        },
        "hints": [
            "Work in this order: check the version, build the folder's path, create the folder, write the two "
            "files, return the path. `Path(root) / f\"churn-{version}\"` works whether root is a str or a Path.",
            "`Path.mkdir(parents=True, exist_ok=True)` creates missing parents silently; a plain `mkdir()` "
            "raises FileExistsError when the folder is already there, which is exactly what a released version "
            "needs. Create root and the version's folder separately.",
            "`torch.save(model.state_dict(), path)` writes the tensors only. `json.dumps` cannot write numpy "
            "arrays or numpy numbers: build lists of Python floats. A version check must look at the whole "
            "string (`re.fullmatch`), and run before anything is created.",
        ],
        "alternatives": [SAVE_ALT],
        "wrong": [
            {"violates": "folder", "code": _swap(SAVE, 'f"churn-{version}"', 'f"churn_{version}"')},
            {"violates": "returns", "code": _swap(SAVE, "    return folder\n", "    return str(folder / \"meta.json\")\n")},
            {"violates": "root-missing",
             "code": _swap(SAVE, "folder.parent.mkdir(parents=True, exist_ok=True)", "folder.parent.mkdir(exist_ok=True)")},
            {"violates": "root-path",
             "code": _swap(SAVE, 'folder = Path(root) / f"churn-{version}"', 'folder = Path(root + "/churn-" + version)')},
            {"violates": "state-dict", "code": _swap(SAVE, "torch.save(model.state_dict(),", "torch.save(model,")},
            {"violates": "meta-keys", "code": _swap(SAVE, '"name": "churn", ', "")},
            {"violates": "numpy",
             "code": _swap(SAVE, '"mean": [float(m) for m in mean], "std": [float(s) for s in std]',
                           '"mean": mean, "std": std')},
            {"violates": "unrounded",
             "code": _swap(SAVE, '"mean": [float(m) for m in mean], "std": [float(s) for s in std]',
                           '"mean": [round(float(m), 4) for m in mean], "std": [round(float(s), 4) for s in std]')},
            {"violates": "no-overwrite", "code": _swap(SAVE, "    folder.mkdir()\n", "    folder.mkdir(exist_ok=True)\n")},
            {"violates": "version-format",
             "code": _swap(SAVE, 're.fullmatch(r"[0-9]+\\.[0-9]+\\.[0-9]+", version)',
                           're.match(r"[0-9]+\\.[0-9]+\\.[0-9]+", version)')},
            {"violates": "version-format",
             "code": _swap(SAVE, 're.fullmatch(r"[0-9]+\\.[0-9]+\\.[0-9]+", version)',
                           're.search(r"[0-9]+\\.[0-9]+\\.[0-9]+$", version)')},
            {"violates": "validate-first",
             "code": '''
def save_artifact(model, mean, std, feature_names, threshold, version, root):
    folder = Path(root) / f"churn-{version}"
    folder.mkdir(parents=True)
    if not re.fullmatch(r"[0-9]+\\.[0-9]+\\.[0-9]+", version):
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    torch.save(model.state_dict(), folder / "weights.pt")
    meta = {"name": "churn", "version": version, "feature_names": [str(f) for f in feature_names],
            "mean": [float(m) for m in mean], "std": [float(s) for s in std], "threshold": float(threshold)}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return folder
'''},
        ],
        "equivalent": [
            {
                "diff": "- (folder / \"meta.json\").write_text(json.dumps(meta, indent=2), "
                        "encoding=\"utf-8\")\n"
                        "+ (folder / \"meta.json\").write_text(json.dumps(meta, indent= 3), encoding=\"utf-8\")",
                "reason": "indent only changes the whitespace of meta.json; the question asks for a JSON "
                          "object, read back with json",
            },
            {
                "diff": "- (folder / \"meta.json\").write_text(json.dumps(meta, indent=2), "
                        "encoding=\"utf-8\")\n"
                        "+ (folder / \"meta.json\").write_text(json.dumps(meta, indent= 1), encoding=\"utf-8\")",
                "reason": "indent only changes the whitespace of meta.json; the question asks for a JSON "
                          "object, read back with json",
            },
            {
                "diff": "- (folder / \"meta.json\").write_text(json.dumps(meta, indent=2), "
                        "encoding=\"utf-8\")\n"
                        "+ (folder / \"meta.json\").write_text(json.dumps(meta, indent=2))",
                "reason": "the sandbox and the judge run with a UTF-8 locale, and meta.json's keys and values "
                          "are ASCII (the version is checked to be digits and dots)",
            },
            {
                "diff": "- (folder / \"meta.json\").write_text(json.dumps(meta, indent=2), "
                        "encoding=\"utf-8\")\n"
                        "+ (folder / \"meta.json\").write_text(json.dumps(meta), encoding=\"utf-8\")",
                "reason": "indent only changes the whitespace of meta.json; the question asks for a JSON "
                          "object, read back with json",
            },
            {
                "diff": "- \"mean\": [float(m) for m in mean], \"std\": [float(s) for s in std], "
                        "\"threshold\": float(threshold)}\n"
                        "+ \"mean\": [float(m) for m in mean], \"std\": [float(s) for s in std], "
                        "\"threshold\": (threshold)}",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- \"mean\": [float(m) for m in mean], \"std\": [float(s) for s in std], "
                        "\"threshold\": float(threshold)}\n"
                        "+ \"mean\": [(m) for m in mean], \"std\": [float(s) for s in std], \"threshold\": "
                        "float(threshold)}",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- \"mean\": [float(m) for m in mean], \"std\": [float(s) for s in std], "
                        "\"threshold\": float(threshold)}\n"
                        "+ \"mean\": [float(m) for m in mean], \"std\": [(s) for s in std], \"threshold\": "
                        "float(threshold)}",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q2_load_artifact": {
        "domain": {'inputs': 'extra keys, features in another order, empty batches'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`load_artifact`",
            "forging": "the predictions are compared with the judge's",
        },
        "hints": [
            "A small class is the natural shape: its `__init__` reads meta.json and weights.pt and keeps what "
            "predict_proba needs as attributes; `load_artifact` just returns an instance.",
            "`torch.load(path, weights_only=True)` gives a dict with the tensors `weight` (shape (1, n)) and "
            "`bias` (shape (1,)). Turn them into numpy arrays (or keep them as tensors) once, in `__init__`.",
            "In predict_proba, build one row per record with `[record[name] for name in self.feature_names]`: "
            "the order comes from the artifact, not from the dict. An empty list must still give an (0, n) "
            "matrix (reshape), and the result must be converted to a list of floats.",
        ],
        "alternatives": [LOAD_ALT_TORCH, LOAD_ALT_MATH],
        "wrong": [
            # the feature names kept as a tuple where the question says a list (the wire made both a list before)
            {"violates": "attributes", "code": _swap(LOAD, 'self.feature_names = list(meta["feature_names"])',
                                                     'self.feature_names = tuple(meta["feature_names"])')},
            {"violates": "attributes", "code": _swap(LOAD, 'self.version = meta["version"]', "self.version = folder.name")},
            {"violates": "standardise",
             "code": _swap(LOAD, "z = (X - self.mean) / self.std @ self.weight + self.bias",
                           "z = X @ self.weight + self.bias")},
            {"violates": "weights-bias",
             "code": _swap(LOAD, "z = (X - self.mean) / self.std @ self.weight + self.bias",
                           "z = (X - self.mean) / self.std @ self.weight")},
            {"violates": "by-name",
             "code": _swap(LOAD, "X = np.array([[float(r[f]) for f in self.feature_names] for r in records], "
                                 "dtype=np.float64)",
                           "X = np.array([[float(v) for k, v in r.items() if k in self.feature_names] for r in records], "
                           "dtype=np.float64)")},
            {"violates": "extra-keys",
             "code": _swap(LOAD, "    def predict_proba(self, records):\n",
                           "    def predict_proba(self, records):\n"
                           "        for r in records:\n"
                           "            if set(r) != set(self.feature_names):\n"
                           "                raise ValueError(f'expected the features {self.feature_names}, got {sorted(r)}')\n")},
            {"violates": "stored-features",
             "code": _swap(LOAD, "for r in records], dtype=np.float64)\n        X = X.reshape(len(records), len(self.feature_names))",
                           "for r in records], dtype=np.float64)\n        X = X.reshape(len(records), len(FEATURES))").replace(
                 "[[float(r[f]) for f in self.feature_names] for r in records]", "[[float(r[f]) for f in FEATURES] for r in records]")},
            {"violates": "list-of-floats",
             "code": _swap(LOAD, "return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]", "return 1.0 / (1.0 + np.exp(-z))")},
            {"violates": "empty",
             "code": _swap(LOAD, "        X = X.reshape(len(records), len(self.feature_names))\n", "")},
            {"violates": "read-once",
             "code": '''
class ChurnPredictor:
    def __init__(self, folder):
        self.folder = Path(folder)
        meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        self.version = meta["version"]
        self.feature_names = list(meta["feature_names"])
        self.threshold = float(meta["threshold"])

    def predict_proba(self, records):
        meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        state = torch.load(self.folder / "weights.pt", weights_only=True)
        w = state["weight"].double().numpy().reshape(-1)
        X = np.array([[float(r[f]) for f in self.feature_names] for r in records], dtype=np.float64)
        X = X.reshape(len(records), len(self.feature_names))
        z = (X - np.array(meta["mean"])) / np.array(meta["std"]) @ w + float(state["bias"][0])
        return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]


def load_artifact(folder):
    return ChurnPredictor(folder)
'''},
        ],
        "equivalent": [
            {
                "diff": "- self.weight = state[\"weight\"].double().numpy().reshape(-1)\n"
                        "+ self.weight = state[\"weight\"].double().numpy().reshape(- 2)",
                "reason": "numpy's reshape takes any negative size as 'the rest', so reshape(-2) flattens like "
                          "reshape(-1)",
            },
            {
                "diff": "- self.bias = float(state[\"bias\"].reshape(-1)[0])\n"
                        "+ self.bias = float(state[\"bias\"].reshape(-1)[ -1])",
                "reason": "the bias has exactly one element, so [-1] and [0] are the same element",
            },
            {
                "diff": "- state = torch.load(folder / \"weights.pt\", weights_only=True)\n"
                        "+ state = torch.load(folder / \"weights.pt\", weights_only=False)",
                "reason": "the question does not ask how weights.pt is loaded; a state_dict of tensors loads "
                          "the same either way (the safety of weights_only=True is taught in Question 1, where "
                          "it is checked)",
            },
            {
                "diff": "- state = torch.load(folder / \"weights.pt\", weights_only=True)\n"
                        "+ state = torch.load(folder / \"weights.pt\")",
                "reason": "the question does not ask how weights.pt is loaded; torch 2.6 and later default to "
                          "weights_only=True anyway",
            },
            {
                "diff": "- self.mean = np.asarray(meta[\"mean\"], dtype=np.float64)\n"
                        "+ self.mean = np.asarray(meta[\"mean\"])",
                "reason": "meta.json's mean is a list of Python floats, which numpy already makes float64",
            },
            {
                "diff": "- self.std = np.asarray(meta[\"std\"], dtype=np.float64)\n"
                        "+ self.std = np.asarray(meta[\"std\"])",
                "reason": "meta.json's std is a list of Python floats, which numpy already makes float64",
            },
            {
                "diff": "- X = np.array([[float(r[f]) for f in self.feature_names] for r in records], "
                        "dtype=np.float64)\n"
                        "+ X = np.array([[float(r[f]) for f in self.feature_names] for r in records])",
                "reason": "every entry is float(...), so the array is float64 without dtype=",
            },
            {
                "diff": "- meta = json.loads((folder / \"meta.json\").read_text(encoding=\"utf-8\"))\n"
                        "+ meta = json.loads((folder / \"meta.json\").read_text())",
                "reason": "the sandbox runs with a UTF-8 locale and meta.json's text the test writes is ASCII",
            },
            {
                "diff": "- self.threshold = float(meta[\"threshold\"])\n"
                        "+ self.threshold = (meta[\"threshold\"])",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- X = np.array([[float(r[f]) for f in self.feature_names] for r in records], "
                        "dtype=np.float64)\n"
                        "+ X = np.array([[(r[f]) for f in self.feature_names] for r in records], "
                        "dtype=np.float64)",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q3_next_version": {
        "equivalent": [
            {"diff": "- found.append(tuple(int(part) for part in m.groups()))\n+ found.append(list(int(part) for part in m.groups()))",
             "reason": "the parsed versions are only compared with max(): lists of ints compare as tuples do"},
        ],
        "domain": {'inputs': 'versions with numbers of several digits, other names, every change'},
        "hints": [
            "First keep only the names that are versions: `re.fullmatch` with a pattern for `churn-` followed "
            "by three groups of digits separated by dots.",
            "Turn each version into a tuple of three ints: tuples compare element by element, as numbers, so "
            "`max` finds the highest version.",
            "Check `change` before anything else, so that a bad change raises even with an empty folder. Then "
            "bump the chosen part and put zeros to its right; with no version at all the answer is \"1.0.0\".",
        ],
        "alternatives": [NEXT_ALT],
        "wrong": [
            {"violates": "major", "code": _swap(NEXT, 'return f"{major + 1}.0.0"', 'return f"{major + 1}.{minor}.{patch}"')},
            {"violates": "minor", "code": _swap(NEXT, 'return f"{major}.{minor + 1}.0"', 'return f"{major}.{minor + 1}.{patch}"')},
            {"violates": "patch",
             "code": _swap(NEXT, 'if change == "minor":', 'if change in ("minor", "patch"):   # a patch is a small release')},
            {"violates": "numeric",
             "code": _swap(NEXT, "found.append(tuple(int(part) for part in m.groups()))", "found.append(tuple(m.groups()))")
             .replace("major, minor, patch = max(found)", "major, minor, patch = (int(x) for x in max(found))")},
            {"violates": "highest", "code": _swap(NEXT, "major, minor, patch = max(found)", "major, minor, patch = found[-1]")},
            {"violates": "only-versions",
             "code": _swap(NEXT, 're.fullmatch(r"churn-([0-9]+)\\.([0-9]+)\\.([0-9]+)", name)',
                           're.search(r"churn-([0-9]+)\\.([0-9]+)\\.([0-9]+)", name)')},
            {"violates": "first",
             "code": _swap(NEXT, '    if not found:\n        return "1.0.0"\n    major, minor, patch = max(found)',
                           "    major, minor, patch = max(found, default=(0, 0, 0))")},
            {"violates": "bad-change",
             "code": '''
def next_version(names, change):
    found = []
    for name in names:
        m = re.fullmatch(r"churn-([0-9]+)\\.([0-9]+)\\.([0-9]+)", name)
        if m:
            found.append(tuple(int(part) for part in m.groups()))
    if not found:
        return "1.0.0"
    if change not in ("major", "minor", "patch"):
        raise ValueError(f"change must be 'major', 'minor' or 'patch', not {change!r}")
    major, minor, patch = max(found)
    if change == "major":
        return f"{major + 1}.0.0"
    if change == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
'''},
        ],
    },
    "q4_log_run": {
        "domain": {'inputs': 'a new and an existing experiment'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`log_run`",
            "forging": "params, metrics and artifacts are compared with the judge's",
        },
        "hints": [
            "The fluent API does it in a few lines: set the tracking URI, set the experiment (it creates a "
            "missing one and reuses an existing one), then open a run with `with "
            "mlflow.start_run(run_name=...) as run:`.",
            "Inside the `with` block: `mlflow.log_params`, `mlflow.log_metrics`, `mlflow.set_tag` and "
            "`mlflow.log_artifacts(folder, artifact_path=\"model\")`. The version comes from meta.json, read "
            "with json.",
            "Leaving the `with` block ends the run (FINISHED). Return `run.info.run_id`, a string.",
        ],
        "alternatives": [LOG_ALT_CLIENT],
        "wrong": [
            {"violates": "store", "code": _swap(LOG, "    mlflow.set_tracking_uri(tracking_uri)\n", "")},
            {"violates": "create-experiment",
             "code": _swap(_swap(LOG, "    mlflow.set_experiment(experiment)\n",
                                 "    exp_id = MlflowClient(tracking_uri).get_experiment_by_name(experiment).experiment_id\n"),
                           'mlflow.start_run(run_name=f"churn-{version}")',
                           'mlflow.start_run(experiment_id=exp_id, run_name=f"churn-{version}")')},
            {"violates": "reuse-experiment",
             "code": _swap(_swap(LOG, "    mlflow.set_experiment(experiment)\n",
                                 "    exp_id = mlflow.create_experiment(experiment)\n"),
                           'mlflow.start_run(run_name=f"churn-{version}")',
                           'mlflow.start_run(experiment_id=exp_id, run_name=f"churn-{version}")')},
            {"violates": "run-name", "code": _swap(LOG, 'run_name=f"churn-{version}"', "run_name=version")},
            {"violates": "version-tag", "code": _swap(LOG, 'mlflow.set_tag("model_version", version)',
                                                      'mlflow.set_tag("version", version)')},
            {"violates": "params", "code": _swap(LOG, "mlflow.log_params(params)",
                                                 'mlflow.log_param("params", json.dumps(params))')},
            {"violates": "metrics", "code": _swap(LOG, "mlflow.log_metrics(metrics)",
                                                  "mlflow.log_metrics({k: round(v, 2) for k, v in metrics.items()})")},
            {"violates": "artifacts", "code": _swap(LOG, 'mlflow.log_artifacts(str(artifact_dir), artifact_path="model")',
                                                    "mlflow.log_artifacts(str(artifact_dir))")},
            {"violates": "finished",
             "code": '''
def log_run(tracking_uri, experiment, params, metrics, artifact_dir):
    version = json.loads((Path(artifact_dir) / "meta.json").read_text(encoding="utf-8"))["version"]
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    run = mlflow.start_run(run_name=f"churn-{version}")
    mlflow.log_params(params)
    mlflow.log_metrics(metrics)
    mlflow.set_tag("model_version", version)
    mlflow.log_artifacts(str(artifact_dir), artifact_path="model")
    return run.info.run_id
'''},
            {"violates": "returns-id", "code": _swap(LOG, "return run.info.run_id", "return run.info.experiment_id")},
        ],
        "equivalent": [
            {
                "diff": "- version = json.loads((Path(artifact_dir) / "
                        "\"meta.json\").read_text(encoding=\"utf-8\"))[\"version\"]\n"
                        "+ version = json.loads((Path(artifact_dir) / \"meta.json\").read_text())[\"version\"]",
                "reason": "the sandbox runs with a UTF-8 locale and the version read from meta.json is ASCII "
                          "digits and dots",
            },
        ],
    },
    "q5_best_run": {
        "domain": {'inputs': 'ties, unfinished and deleted runs, runs without the metric, both directions'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`best_run`",
            "forging": "the chosen run ids are compared with the judge's",
        },
        "hints": [
            "`MlflowClient(tracking_uri).get_experiment_by_name(name)` returns None for an unknown experiment; "
            "otherwise its `experiment_id` goes to `client.search_runs([...])`.",
            "`search_runs` accepts `filter_string=\"attributes.status = 'FINISHED'\"` and leaves deleted runs "
            "out by default. Its `order_by` sorts the runs for you: `[\"metrics.val_auc DESC\", "
            "\"attributes.start_time DESC\"]` puts first the run with the highest value in `run.data.metrics` "
            "(the last one logged) and, among equal values, the one that started last; runs without the metric "
            "come last in either direction.",
            "Ask for the first run only (`max_results=1`) and check that it logged the metric. Sorting in Python "
            "works too, but only over every page: `search_runs` returns at most `max_results` runs (1,000 by "
            "default) and, in `.token`, the token of the next page, so a single call silently leaves out the "
            "rest of a larger experiment.",
        ],
        "alternatives": [BEST_ALT_PAGES, BEST_ALT_PANDAS],
        "wrong": [
            {"violates": "direction", "code": _swap(BEST, 'direction = "DESC" if mode == "max" else "ASC"', 'direction = "DESC"')},
            {"violates": "default-max", "code": _swap(BEST, 'metric, mode="max"):', 'metric, mode="min"):')},
            {"violates": "finished-only",
             "code": _swap(BEST, "filter_string=\"attributes.status = 'FINISHED'\",\n                              ", "")},
            {"violates": "deleted",
             "code": "from mlflow.entities import ViewType\n" + _swap(
                 BEST, "max_results=1)", "max_results=1, run_view_type=ViewType.ALL)")},
            {"violates": "has-metric", "code": _swap(BEST, "if not runs or metric not in runs[0].data.metrics:", "if not runs:")},
            {"violates": "last-value",   # the best value a run ever logged, not its last one
             "code": _swap(BEST, "    direction = \"DESC\" if mode == \"max\" else \"ASC\"\n"
                                 "    runs = client.search_runs([exp.experiment_id], filter_string=\"attributes.status = 'FINISHED'\",\n"
                                 "                              order_by=[f\"metrics.`{metric}` {direction}\", \"attributes.start_time DESC\"],\n"
                                 "                              max_results=1)\n"
                                 "    if not runs or metric not in runs[0].data.metrics:\n"
                                 "        return None\n"
                                 "    return runs[0].info.run_id\n",
                           "    runs = [r for r in client.search_runs([exp.experiment_id], "
                           "filter_string=\"attributes.status = 'FINISHED'\")\n"
                           "            if metric in r.data.metrics]\n"
                           "    if not runs:\n"
                           "        return None\n\n"
                           "    def value(r):\n"
                           "        history = [m.value for m in client.get_metric_history(r.info.run_id, metric)]\n"
                           "        return max(history) if mode == \"max\" else -min(history)\n\n"
                           "    return max(runs, key=lambda r: (value(r), r.info.start_time)).info.run_id\n")},
            {"violates": "tie-latest", "code": _swap(BEST, '"attributes.start_time DESC"', '"attributes.start_time ASC"')},
            {"violates": "experiment",
             "code": _swap(BEST, "client.search_runs([exp.experiment_id],",
                           "client.search_runs([e.experiment_id for e in client.search_experiments()],")},
            {"violates": "none", "code": _swap(BEST, "    if exp is None:\n        return None\n", "")},
            {"violates": "bad-mode", "code": _swap(BEST, '    if mode not in ("max", "min"):\n'
                                                         '        raise ValueError(f"mode must be \'max\' or \'min\', not {mode!r}")\n', "")},
        ],
        "equivalent": [
            {
                "diff": "- max_results=1)\n"
                        "+ max_results= 2)",
                "reason": "only runs[0] is read, and MLflow orders the runs the same whatever the page size: the "
                          "first of a page of two is the run of a page of one",
            },
            {
                "diff": "- if not runs or metric not in runs[0].data.metrics:\n"
                        "+ if not runs or metric not in runs[ -1].data.metrics:",
                "reason": "max_results=1: the page holds one run at most, so runs[-1] is runs[0]",
            },
            {
                "diff": "- return runs[0].info.run_id\n"
                        "+ return runs[ -1].info.run_id",
                "reason": "max_results=1: the page holds one run at most, so runs[-1] is runs[0]",
            },
            {
                "diff": "- order_by=[f\"metrics.`{metric}` {direction}\", \"attributes.start_time DESC\"],\n"
                        "- max_results=1)\n"
                        "+ order_by=[f\"metrics.`{metric}` {direction}\", \"attributes.start_time DESC\"])",
                "reason": "without it the page holds up to 1,000 runs in the same order and only runs[0] is read: "
                          "the same answer, with more rows read",
            },
        ],
    },
    "q6_score_customers": {
        "domain": {'inputs': 'batch sizes that do not divide the customers, a rerun'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`score_customers`",
            "forging": "the scores are compared with the judge's",
        },
        "hints": [
            "Three steps: features (`features_at(con, cutoff)`, then `.to_dict(\"records\")` on the columns "
            "customer_id and the features), predictions batch by batch, then the writes.",
            "`range(0, len(records), batch_size)` gives the start of every batch; `records[start:start + "
            "batch_size]` the batch itself. Compare each probability with `model.threshold` using >=.",
            "Make the writes rerunnable: in one transaction (`with con:`), create the table if needed, delete "
            "the rows of this cutoff and model version, insert the new ones. Close the connection in a "
            "`finally`.",
        ],
        "alternatives": [SCORE_ALT, SCORE_TUPLES],
        "wrong": [
            {"violates": "create-table", "code": _swap(SCORE, "            con.executescript(SCORES_SCHEMA)\n", "")},
            {"violates": "every-customer",
             "code": _swap(SCORE, "                rows.append(", "                if p >= model.threshold:   # the CRM team only needs the customers at risk\n                    rows.append(")},
            {"violates": "probability", "code": _swap(SCORE, "float(p),", "round(float(p), 3),")},
            {"violates": "threshold", "code": _swap(SCORE, "int(p >= model.threshold)", "int(p > model.threshold)")},
            {"violates": "columns", "code": _swap(SCORE, "cutoff, model.version, float(p),", 'cutoff, "1.0.0", float(p),')
             .replace("(cutoff, model.version))", '(cutoff, "1.0.0"))')},
            {"violates": "batches",
             "code": _swap(SCORE, "        for start in range(0, len(records), batch_size):\n"
                                  "            batch = records[start:start + batch_size]\n",
                           "        for batch in [records]:   # one call: the model is fast enough\n")},
            {"violates": "records",
             "code": _swap(SCORE, "model.predict_proba(batch)", "model.predict_proba([[r[f] for f in FEATURES] for r in batch])")},
            {"violates": "rerun",
             "code": _swap(SCORE, '            con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?", '
                                  '(cutoff, model.version))\n', "")},
            {"violates": "keep-others",
             "code": _swap(SCORE, 'con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?", '
                                  '(cutoff, model.version))', 'con.execute("DELETE FROM churn_scores")')},
            {"violates": "commit",
             "code": _swap(SCORE, "        with con:\n            con.executescript(SCORES_SCHEMA)\n"
                                  "            con.execute(\"DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?\", "
                                  "(cutoff, model.version))\n"
                                  "            con.executemany(\"INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)\", rows)\n",
                           "        con.executescript(SCORES_SCHEMA)\n"
                           "        con.execute(\"DELETE FROM churn_scores WHERE cutoff = ? AND model_version = ?\", "
                           "(cutoff, model.version))\n"
                           "        con.executemany(\"INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)\", rows)\n")},
            {"violates": "count", "code": _swap(SCORE, "    return len(rows)\n", "")},
            {"violates": "default-batch", "code": _swap(SCORE, "batch_size=256):", "batch_size=500):")},
        ],
        "equivalent": [
            {"diff": "- int(p >= model.threshold)))\n+ round(p >= model.threshold)))",
             "reason": "round() of a numpy integer or of a bool without ndigits returns the same Python int as int()"},
            {"diff": "- rows.append((int(record[\"customer_id\"]), cutoff, model.version, float(p),\n+ rows.append((round(record[\"customer_id\"]), cutoff, model.version, float(p),",
             "reason": "round() of a numpy integer or of a bool without ndigits returns the same Python int as int()"},
            {
                "diff": "- rows.append((int(record[\"customer_id\"]), cutoff, model.version, float(p),\n"
                        "+ rows.append(((record[\"customer_id\"]), cutoff, model.version, float(p),",
                "reason": "customer_id comes from the JSON records as an int already",
            },
            {
                "diff": "- rows.append((int(record[\"customer_id\"]), cutoff, model.version, float(p),\n"
                        "+ rows.append((int(record[\"customer_id\"]), cutoff, model.version, (p),",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- int(p >= model.threshold)))\n"
                        "+ (p >= model.threshold)))",
                "reason": "p is a Python float here, so the comparison is a Python bool, which sqlite stores "
                          "as 1 or 0 exactly like int(...)",
            },
        ],
    },
    "q6b_run_dag": {
        "domain": {"inputs": "DAGs of 3 to 8 stand-in tasks (chains, fan-out, fan-in, diamonds, tasks on their own) "
                             "in any dict order, tasks raising a given number of times or always, outputs None "
                             "among them, retries 0 to 3 or the default, stores with other dates' outputs and "
                             "some of this date's, reruns on the same store; the nightly DAG on a shop database "
                             "with a stored run of the same date and version, a threshold equal to a customer's "
                             "probability"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`run_dag` and `nightly_dag`",
            "forging": "the states, attempts and stored outputs are compared with the judge's own reference run "
                       "of each DAG, and the scores with the judge's; a consistent forged call log is a runner",
        },
        "hints": [
            "`TopologicalSorter({name: upstream.get(name, []) for name in tasks}).static_order()` gives every "
            "task after its upstream tasks. For each one, decide in this order: its key "
            "`f\"{run_date}/{name}\"` is in the store (cached), an upstream task failed or was skipped "
            "(skipped), else call it.",
            "The attempts: a task may be called 1 + retries times, so loop that many times around a "
            "`try`/`except Exception` that calls it; store the output and stop at the first success. Test the key with "
            "`key in store`, not with `store.get(key)`: a stored `None` is still an output.",
            "In `nightly_dag`, each task is a function defined inside it (it sees `db_path` and `model`). "
            "`write` is Question 6's transaction: `with con:` create the table, DELETE the rows of "
            "(run_date, model.version), INSERT the new ones; it reads the rows from `inputs[\"score\"]`.",
        ],
        "alternatives": [DAG_READY, DAG_RECURSIVE],
        "wrong": [
            {"violates": "order", "code": _swap(DAG, "TopologicalSorter(needs).static_order()", "needs")},
            {"violates": "inputs", "code": _swap(DAG, 'inputs = {up: store[f"{run_date}/{up}"] for up in needs[name]}',
                                                 'inputs = [store[f"{run_date}/{up}"] for up in needs[name]]')},
            {"violates": "retry", "code": _swap(DAG, "range(1, retries + 2)", "range(1, 2)")},
            {"violates": "failed",
             "code": _swap(DAG, "            except Exception:\n                continue\n",
                           "            except Exception:\n                if attempt > retries:\n"
                           "                    raise   # let the scheduler see the failure\n                continue\n")},
            {"violates": "skipped",
             "code": _swap(_swap(DAG, 'in ("failed", "skipped")', '== "failed"'),
                           'inputs = {up: store[f"{run_date}/{up}"] for up in needs[name]}',
                           'inputs = {up: store.get(f"{run_date}/{up}") for up in needs[name]}')},
            {"violates": "independent",
             "code": _swap(_swap(_swap(DAG, "    result = {}\n", "    result, stopped = {}, False\n"),
                                 'if any(result[up]["state"] in ("failed", "skipped") for up in needs[name]):',
                                 'if stopped:   # stop the night at the first failure'),
                           "    return result\n",
                           "        stopped = result[name][\"state\"] == \"failed\"\n    return result\n")},
            {"violates": "store", "code": _swap(DAG, "    result = {}\n",
                                                "    store = dict(store)   # do not change the caller's dict\n"
                                                "    result = {}\n")},
            {"violates": "cached", "code": _swap(DAG, "        if key in store:\n"
                                                      "            result[name] = {\"state\": \"cached\", \"attempts\": 0}\n"
                                                      "            continue\n", "")},
            {"violates": "cached-none", "code": _swap(DAG, "if key in store:", "if store.get(key) is not None:")},
            {"violates": "cached-date",
             "code": _swap(DAG, "if key in store:", 'if any(k.endswith("/" + name) for k in store):')},
            {"violates": "result", "code": _swap(DAG, "    return result\n",
                                                 '    return {name: r["state"] for name, r in result.items()}\n')},
            {"violates": "default-retries", "code": _swap(DAG, "retries=1):", "retries=0):")},
            {"violates": "nightly-shape", "code": _swap(DAG, '"report": ["score"]}', '"report": ["write"]}')},
            {"violates": "nightly-rows", "code": _swap(DAG, "int(p >= model.threshold)", "int(p > model.threshold)")},
            {"violates": "nightly-replace",
             "code": _swap(_swap(DAG, '                con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND '
                                      'model_version = ?",\n                            (run_date, model.version))\n', ""),
                           "INSERT INTO", "INSERT OR REPLACE INTO")},
            {"violates": "nightly-replace",
             "code": _swap(DAG, '                con.execute("DELETE FROM churn_scores WHERE cutoff = ? AND '
                                'model_version = ?",\n                            (run_date, model.version))\n', "")},
            {"violates": "nightly-report", "code": _swap(DAG, '"flagged": sum(', '"churned": sum(')},
            # hard-coded: an order of the visible tests' task names instead of graphlib's
            DAG_HARD_CODED,
        ],
        "equivalent": [
            {"diff": "- result[name] = {\"state\": \"failed\", \"attempts\": 0}\n+ result[name] = {\"state\": \"failed\", \"attempts\": 1}",
             "reason": "the attempts loop runs at least once (retries >= 0) and sets attempts before the first call"},
            {"diff": "- result[name] = {\"state\": \"failed\", \"attempts\": 0}\n+ result[name] = {\"state\": \"failed\", \"attempts\": -1}",
             "reason": "the attempts loop runs at least once (retries >= 0) and sets attempts before the first call"},
            {"diff": "- return [(int(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]\n+ return [((r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]",
             "reason": "to_dict(\"records\") gives customer_id as a Python int already"},
            {"diff": "- return [(int(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]\n+ return [(int(r[\"customer_id\"]), (p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]",
             "reason": "the probability is a float already (the model's); sqlite stores it the same"},
            {"diff": "- return [(int(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]\n+ return [(int(r[\"customer_id\"]), float(p), (p >= model.threshold)) for r, p in zip(records, probabilities)]",
             "reason": "a bool is stored by sqlite as 1 or 0 and sums as an int, exactly like int(...)"},
            {"diff": "- return [(int(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]\n+ return [(round(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]",
             "reason": "round() of an int without ndigits returns the same int"},
            {"diff": "- return [(int(r[\"customer_id\"]), float(p), int(p >= model.threshold)) for r, p in zip(records, probabilities)]\n+ return [(int(r[\"customer_id\"]), float(p), round(p >= model.threshold)) for r, p in zip(records, probabilities)]",
             "reason": "round() of a bool without ndigits returns the same int as int()"},
            {"diff": "- return tasks, upstream\n+ return [tasks, upstream]",
             "reason": "the question unpacks the pair; a list of two unpacks the same as a tuple"},
            {"diff": "- needs = {name: list(upstream.get(name, [])) for name in tasks}\n+ needs = {name: tuple(upstream.get(name, [])) for name in tasks}",
             "reason": "the upstream names are only iterated, and TopologicalSorter takes any iterable of predecessors"},
        ],
    },
    "q7_schemas": {
        "domain": {'inputs': 'payloads with each field missing, negative, non-finite, extra'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "schemas",
            "forging": "the verdict for each hidden payload is the validation logic",
        },
        "hints": [
            "Each constraint is a `Field(...)` argument: `ge=` for a lower bound, `le=` for an upper bound, "
            "`min_length=` / `max_length=` for the size of a list, `allow_inf_nan=False` for a finite float.",
            "Unknown fields are rejected when the model's configuration (a `ConfigDict` assigned to "
            "`model_config`) sets `extra` to `\"forbid\"`. A field without a default is required.",
            "A rule about two fields goes into a model validator that runs after the fields are validated "
            "(`model_validator`, mode `\"after\"`): it receives the validated model as `self`, raises "
            "ValueError when the rule is broken and returns `self` otherwise.",
        ],
        "alternatives": [SCHEMAS_ALT, SCHEMAS_ALT_VALIDATORS],
        "wrong": [
            {"violates": "fields", "code": _swap(SCHEMAS, "tenure_days: int = Field(ge=0)", "tenure_days: int = Field(default=0, ge=0)")},
            {"violates": "ints", "code": _swap(SCHEMAS, "recency_days: int = Field(ge=0)", "recency_days: float = Field(ge=0)")},
            {"violates": "non-negative", "code": _swap(SCHEMAS, "orders_90d: int = Field(ge=0)", "orders_90d: int")},
            {"violates": "customer-id", "code": _swap(SCHEMAS, "customer_id: int = Field(ge=1)", "customer_id: int = Field(ge=0)")},
            {"violates": "finite", "code": _swap(SCHEMAS, "Field(ge=0, allow_inf_nan=False)", "Field(ge=0)")},
            {"violates": "no-extra", "code": _swap(SCHEMAS, '    model_config = ConfigDict(extra="forbid")\n\n', "")},
            {"violates": "recency-tenure", "code": _swap(SCHEMAS, "if self.recency_days > self.tenure_days:",
                                                         "if self.recency_days >= self.tenure_days:")},
            {"violates": "batch-size", "code": _swap(SCHEMAS, "Field(min_length=1, max_length=100)", "Field(min_length=1, max_length=1000)")},
            {"violates": "probability-range", "code": _swap(SCHEMAS, "probability: float = Field(ge=0, le=1)", "probability: float")},
            {"violates": "response", "code": _swap(SCHEMAS, "    model_version: str\n", '    model_version: str = "unknown"\n')},
        ],
    },
    "q8_create_app": {
        "domain": {'inputs': 'valid and invalid requests, several apps'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`create_app`",
            "forging": "status codes and bodies are compared with the judge's",
        },
        "hints": [
            "Define the lifespan and the endpoints inside create_app, so that each call builds a fresh app "
            "with its own state. The lifespan stores the model on `app.state`; the endpoints read it from "
            "`request.app.state`.",
            "The /predict endpoint takes a `PredictRequest` parameter (FastAPI validates it and answers 422 "
            "itself) and a `request: Request`. Send `[c.model_dump() for c in body.customers]` to "
            "predict_proba in one call.",
            "Zip the customers with the probabilities to keep the order, compare each probability with the "
            "model's threshold using >=, and return a PredictResponse. For /, `response_class=HTMLResponse` "
            "sends the string as HTML.",
        ],
        "alternatives": [APP_ALT],
        "wrong": [
            {"violates": "health", "code": _swap(APP, 'return {"status": "ok", "model_version": request.app.state.model.version}',
                                                 'return {"status": "ok"}')},
            {"violates": "predict", "code": _swap(APP, "probability=p, churn", "probability=round(p, 3), churn")},
            {"violates": "order", "code": _swap(APP, "for c, p in zip(body.customers, probabilities)]",
                                                "for c, p in sorted(zip(body.customers, probabilities), "
                                                "key=lambda t: t[0].customer_id)]")},
            {"violates": "threshold", "code": _swap(APP, "churn=p >= model.threshold", "churn=p > model.threshold")},
            {"violates": "one-call",
             "code": _swap(APP, "probabilities = model.predict_proba([c.model_dump() for c in body.customers])",
                           "probabilities = [model.predict_proba([c.model_dump()])[0] for c in body.customers]")},
            {"violates": "startup",
             "code": _swap(APP, "    @asynccontextmanager\n    async def lifespan(app):\n"
                                "        app.state.model = load_model()\n        yield\n\n",
                           "    model_loaded = load_model()\n\n    @asynccontextmanager\n    async def lifespan(app):\n"
                           "        app.state.model = model_loaded\n        yield\n\n")},
            {"violates": "not-per-request",
             "code": _swap(APP, "        model = request.app.state.model\n", "        model = load_model()   # always the newest\n")},
            {"violates": "per-app",
             "code": "SERVICE_STATE = {}\n" + _swap(
                 _swap(_swap(APP, "app.state.model = load_model()", "SERVICE_STATE['model'] = load_model()"),
                       "request.app.state.model.version", "SERVICE_STATE['model'].version"),
                 "model = request.app.state.model", "model = SERVICE_STATE['model']")},
            {"violates": "invalid",
             "code": "from fastapi.responses import JSONResponse\n" + _swap(
                 APP, "    def predict(body: PredictRequest, request: Request):\n",
                 "    def predict(payload: dict, request: Request):\n"
                 "        try:\n"
                 "            body = PredictRequest.model_validate(payload)\n"
                 "        except ValidationError as e:\n"
                 "            return JSONResponse(status_code=400, content={\"detail\": str(e)})\n")},
            {"violates": "page", "code": _swap(APP, '@app.get("/", response_class=HTMLResponse)', '@app.get("/")')},
        ],
        "equivalent": [
            {
                "diff": "- @asynccontextmanager",
                "reason": "FastAPI also accepts a bare async generator function as lifespan (Starlette wraps "
                          "it), so the model is still loaded once at start-up",
            },
            {
                "diff": "- app = FastAPI(title=\"Daon Market churn service\", lifespan=lifespan)\n"
                        "+ app = FastAPI(lifespan=lifespan)",
                "reason": "the question does not ask for a title: it changes only the OpenAPI page's heading",
            },
            {
                "diff": "- @app.post(\"/predict\", response_model=PredictResponse)\n"
                        "+ @app.post(\"/predict\")",
                "reason": "the handler returns a PredictResponse already, so the response body is the same "
                          "with or without response_model",
            },
        ],
    },
    "q8b_api_tests": {
        "domain": {'inputs': "the correct app and 17 mutant apps, each breaking one clause of the contract, around "
                             "a model whose version, threshold and weights the test chooses"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`API_TESTS`",
            "forging": "passing on the correct app and failing on every mutant, with the correct app at places no "
                       "test can count, is telling them apart by their responses, which is what the tests are for; "
                       "reading the app instead is refused by a static check of the submitted code",
        },
        "hints": [
            "Write one test per group of clauses: the health route, a valid batch, invalid bodies. A test is "
            "`assert` statements on `response.status_code`, `response.headers[\"content-type\"]` and "
            "`response.json()`.",
            "Never write a probability you saw: ask the model. `model.predict_proba([customer])[0]` is what the "
            "app must answer for that customer, and `churn` follows from it and `model.threshold`.",
            "Send at least two customers with different ids in one request (order, one prediction each), and one "
            "invalid body per rule: an empty list, a negative number, recency_days larger than tenure_days. Check "
            "the status 422 and the `detail` list.",
        ],
        "alternatives": [API_TESTS_ALT_UNITTEST, API_TESTS_ALT_RAISE],
        "wrong": [
            # hard-coded: the visible model's probabilities, which another model does not give
            {"violates": "passes-correct",
             "code": _swap(API_TESTS_SOLUTION, "expected = model.predict_proba([customer])[0]",
                           "expected = {42: 0.18116119947171108, 7: 0.969275842376279}[customer[\"customer_id\"]]")},
            {"violates": "health", "code": _swap(API_TESTS_SOLUTION, "API_TESTS = [test_health, ",
                                                 "API_TESTS = [")},
            {"violates": "predict-status",
             "code": _swap(API_TESTS_SOLUTION, "    assert response.status_code == 200\n    assert response.headers",
                           "    assert response.headers")},
            {"violates": "content-type",
             "code": _swap(API_TESTS_SOLUTION, '    assert response.headers["content-type"].startswith("application/json")\n', "")},
            {"violates": "response-keys",
             "code": _swap(API_TESTS_SOLUTION, '    assert body["model_version"] == model.version\n', "")},
            # pairs the predictions with the customers by id: any order passes
            {"violates": "order",
             "code": _swap(_swap(API_TESTS_SOLUTION, 'assert [p["customer_id"] for p in body["predictions"]] == '
                                                     '[c["customer_id"] for c in customers]',
                                 'by_id = {p["customer_id"]: p for p in body["predictions"]}\n'
                                 '    assert sorted(by_id) == sorted(c["customer_id"] for c in customers)'),
                           'for customer, prediction in zip(customers, body["predictions"]):',
                           'for customer in customers:\n        prediction = by_id[customer["customer_id"]]')},
            {"violates": "prediction-keys",
             "code": _swap(_swap(API_TESTS_SOLUTION, '        assert set(prediction) == {"customer_id", "probability", "churn"}\n', ""),
                           'prediction["churn"] is', 'prediction.get("churn", expected >= model.threshold) is')},
            {"violates": "probability",
             "code": _swap(API_TESTS_SOLUTION, 'assert prediction["probability"] == expected',
                           'assert 0.0 <= prediction["probability"] <= 1.0')},
            {"violates": "churn",
             "code": _swap(API_TESTS_SOLUTION, '        assert prediction["churn"] is (expected >= model.threshold)\n', "")},
            {"violates": "invalid-422",
             "code": _swap(API_TESTS_SOLUTION, "assert response.status_code == 422", "assert response.status_code >= 400")},
            # misses the validation rules: only the empty list is tried
            {"violates": "invalid-rules",
             "code": _swap(API_TESTS_SOLUTION, 'for body in ({"customers": []}, {"customers": [{**GOOD, "orders_90d": -1}]},\n'
                                               '                 {"customers": [{**GOOD, "recency_days": GOOD["tenure_days"] + 1}]}):',
                           'for body in ({"customers": []},):')},
            {"violates": "behaviour",
             "code": _swap(API_TESTS_SOLUTION, "    response = client.get(\"/health\")\n",
                           "    assert client.app.title\n    response = client.get(\"/health\")\n")},
            # tests that never assert: they pass on every mutant
            "def test_health(client, model):\n    client.get('/health')\n\n\n"
            "def test_predict(client, model):\n    client.post('/predict', json={'customers': []})\n\n\n"
            "API_TESTS = [test_health, test_predict]\n",
            # only status codes: the body of every answer goes unchecked
            _swap(_swap(API_TESTS_SOLUTION, "    assert response.json() == {\"status\": \"ok\", \"model_version\": model.version}\n", ""),
                  "    body = response.json()\n", "    return\n    body = response.json()\n"),
        ],
        "equivalent": [
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 43, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 41, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 13, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 11, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 4, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 2, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48501.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48499.0, \"tenure_days\": 300}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 301}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 300}\n+ GOOD = {\"customer_id\": 42, \"recency_days\": 12, \"orders_90d\": 3, \"avg_basket_krw\": 48500.0, \"tenure_days\": 299}",
             "reason": "any valid customer does: the test takes every expected value from the model and the request, so another customer_id, recency, order count, basket or tenure that stays valid (recency at most tenure) tests the same clauses"},
            {"diff": "- customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 0}]\n+ customers = [GOOD, {**GOOD, \"customer_id\": 8, \"recency_days\": 200, \"orders_90d\": 0}]",
             "reason": "any second valid customer with another id does: the order and the one-prediction-per-customer clauses need two different ids, the probabilities come from the model"},
            {"diff": "- customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 0}]\n+ customers = [GOOD, {**GOOD, \"customer_id\": 6, \"recency_days\": 200, \"orders_90d\": 0}]",
             "reason": "any second valid customer with another id does: the order and the one-prediction-per-customer clauses need two different ids, the probabilities come from the model"},
            {"diff": "- customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 0}]\n+ customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 201, \"orders_90d\": 0}]",
             "reason": "any second valid customer with another id does: the order and the one-prediction-per-customer clauses need two different ids, the probabilities come from the model"},
            {"diff": "- customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 0}]\n+ customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 199, \"orders_90d\": 0}]",
             "reason": "any second valid customer with another id does: the order and the one-prediction-per-customer clauses need two different ids, the probabilities come from the model"},
            {"diff": "- customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 0}]\n+ customers = [GOOD, {**GOOD, \"customer_id\": 7, \"recency_days\": 200, \"orders_90d\": 1}]",
             "reason": "any second valid customer with another id does: the order and the one-prediction-per-customer clauses need two different ids, the probabilities come from the model"},
            {"diff": "- expected = model.predict_proba([customer])[0]\n+ expected = model.predict_proba([customer])[ -1]",
             "reason": "predict_proba of a list of one customer returns one probability: its first and its last are the same"},
            {"diff": "- for body in ({\"customers\": []}, {\"customers\": [{**GOOD, \"orders_90d\": -1}]},\n+ for body in ({\"customers\": []}, {\"customers\": [{**GOOD, \"orders_90d\": - 2}]},",
             "reason": "-2 orders breaks the same rule (at least 0) as -1"},
            {"diff": "- {\"customers\": [{**GOOD, \"recency_days\": GOOD[\"tenure_days\"] + 1}]}):\n+ {\"customers\": [{**GOOD, \"recency_days\": GOOD[\"tenure_days\"] + 2}]}):",
             "reason": "a recency two days beyond the tenure breaks the same rule (recency at most tenure) as one day"},
            {"diff": "- assert response.headers[\"content-type\"].startswith(\"application/json\")\n+ assert response.headers[\"content-type\"].endswith(\"application/json\")",
             "reason": "the correct app answers the content type application/json exactly and every mutant that breaks it answers text/plain: both ends tell them apart"},
            {"diff": "- assert prediction[\"churn\"] is (expected >= model.threshold)\n+ assert prediction[\"churn\"] is (expected > model.threshold)",
             "reason": "the threshold is drawn from a continuous range and no customer of the test lands exactly on it (the question cannot ask the student's tests to plant one: the model is the grader's), so > and >= agree on every probability the test sees"},
        ],
    },
    "q9_demo_page": {
        "domain": {'inputs': "the form filled with a customer and an answer's probability drawn from the hidden seed"},
        "hints": [
            "Start from a plain HTML skeleton: `<!DOCTYPE html>`, `<head>` with the charset, `<body>` with a "
            "`<form>`, a result element and a `<script>` at the end.",
            "Give each input the field's name as its `name` and `type=\"number\"`. In the script, `new "
            "FormData(form)` gives (name, value) pairs; `Number(value)` turns the text into a number.",
            "Listen to the form's submit event, stop the browser's own submission first, then send the request "
            "with fetch as in the example above the question, wrapping the one customer in a list under the "
            "key customers. Read `predictions[0].probability` from the answer.",
        ],
        "alternatives": [PAGE_ALT],
        "wrong": [
            {"violates": "inputs", "code": _swap(PAGE, '<input name="avg_basket_krw" type="number"', '<input name="avg_basket_krw"')},
            {"violates": "submit",
             "code": _swap(_swap(PAGE, '<button type="submit">Predict</button>', '<button type="button" id="go">Predict</button>'),
                           'form.addEventListener("submit", async (event) => {',
                           'document.getElementById("go").addEventListener("click", async (event) => {')},
            {"violates": "result", "code": PAGE.replace('"probability"', '"result"')},
            {"violates": "fetch", "code": _swap(PAGE, 'fetch("/predict", {', 'fetch("http://127.0.0.1:8000/predict", {')},
            {"violates": "post-json", "code": _swap(PAGE, '        headers: {"Content-Type": "application/json"},\n', "")},
            {"violates": "customers", "code": _swap(PAGE, "JSON.stringify({customers: [customer]})", "JSON.stringify(customer)")
             .replace("data.predictions[0]", "data")},
            {"violates": "no-reload", "code": _swap(PAGE, "      event.preventDefault();\n", "")},
            # the answer read and logged, never written into #probability (issue 56: the test read the page without
            # running it, and this got full marks)
            {"violates": "shows-answer",
             "code": _swap(PAGE, '      out.textContent = "churn probability " + p.probability.toFixed(3) + (p.churn ? " (churn risk)" : "")\n'
                                 '        + " · model " + data.model_version;',
                           '      console.log("churn probability " + p.probability.toFixed(3) + (p.churn ? " (churn risk)" : "")\n'
                           '        + " · model " + data.model_version);')},
            {"violates": "charset", "code": _swap(PAGE, '  <meta charset="utf-8">\n', "")},
            {"violates": "offline",
             "code": _swap(PAGE, "  <title>", '  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/water.css@2/out/water.css">\n'
                                              "  <title>")},
        ],
    },
    "q10_latency_summary": {
        "domain": {'inputs': 'latencies in any order, one value, none'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`latency_summary`",
            "forging": "the summary is compared with the judge's",
        },
        "hints": [
            "`sorted(...)` returns a new sorted list and leaves the original alone; `list.sort()` would change "
            "the caller's list.",
            "The rank is 1-based: with n values the q-th percentile is the value at index `ceil(q * n / 100) - "
            "1` of the sorted list.",
            "Check for an empty list before indexing, and divide the count by the duration for the throughput.",
        ],
        "alternatives": [LATENCY_ALT_NUMPY, LATENCY_ALT_INT],
        "wrong": [
            {"violates": "nearest-rank",
             "code": _swap(LATENCY, "        return values[math.ceil(q * n / 100) - 1]",
                           "        return float(np.percentile(values, q))")},
            {"violates": "any-order", "code": _swap(LATENCY, "values = sorted(float(x) for x in latencies_ms)",
                                                    "values = [float(x) for x in latencies_ms]")
             .replace('"max": values[-1]', '"max": max(values)')},
            {"violates": "unchanged",
             "code": _swap(LATENCY, "    values = sorted(float(x) for x in latencies_ms)\n",
                           "    latencies_ms.sort()\n    values = latencies_ms\n")},
            {"violates": "rps", "code": _swap(LATENCY, '"rps": n / duration_s', '"rps": duration_s / n')},
            {"violates": "count-max", "code": _swap(LATENCY, '{"count": n,', '{"count": float(n),')},
            {"violates": "empty", "code": _swap(LATENCY, '    if not values:\n        raise ValueError("no latencies to summarise")\n', "")},
        ],
        "equivalent": [
            {
                "diff": "- values = sorted(float(x) for x in latencies_ms)\n"
                        "+ values = sorted((x) for x in latencies_ms)",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q11_dockerfile": {
        "domain": {'inputs': "the project's files"},
        "hints": [
            "Write it in the order a build runs: FROM, WORKDIR, copy and install the requirements, create the "
            "user, copy the code and the model, switch to the user, CMD. Then write DOCKERIGNORE: one pattern a "
            "line for what must never reach the builder.",
            "Follow the paths as the builder does: a relative COPY destination and the CMD both use the last "
            "WORKDIR; copying a folder copies its contents, so the destination must name the folder the service "
            "loads from (models/churn-1.1.0/). A source that DOCKERIGNORE leaves out cannot be copied.",
            "Read the eight rules once more against your two strings: the image tag, the first COPY and where pip "
            "finds the file, the user and where it is created, the names in ENV/ARG, the .env* files and .git, "
            "uvicorn's app, host and port in a JSON list.",
        ],
        "alternatives": [DOCKER_ALT],
        "wrong": [
            {"violates": "pinned-base", "code": _swap(DOCKER, "FROM python:3.11-slim", "FROM python:latest")},
            {"violates": "deps-first",
             "code": _swap(_swap(DOCKER, "COPY requirements.txt .\nRUN pip install", "COPY . .\nRUN pip install"),
                           "COPY service.py .\nCOPY models/churn-1.1.0/ models/churn-1.1.0/\n", "")},
            {"violates": "deps-first",
             "code": _swap(DOCKER, "COPY requirements.txt .\n", "COPY requirements.txt /tmp/\n")},
            {"violates": "non-root", "code": _swap(DOCKER, "USER daon\n", "")},
            {"violates": "no-secret-env", "code": _swap(DOCKER, "WORKDIR /app\n", "WORKDIR /app\nENV MLFLOW_TRACKING_TOKEN=dev-token-123\n")},
            {"violates": "no-env-file", "code": _swap(DOCKER, ".env*\n", ".env\n")},
            {"violates": "no-git", "code": _swap(DOCKER, ".git\n", "")},
            {"violates": "builds", "code": _swap(DOCKER, "COPY models/churn-1.1.0/ models/churn-1.1.0/", "COPY model/churn-1.1.0/ models/churn-1.1.0/")},
            {"violates": "builds", "code": _swap(DOCKER, "notebooks\n", "notebooks\nmodels\n")},
            {"violates": "exec-form",
             "code": _swap(DOCKER, 'CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8000"]',
                           "CMD uvicorn service:app --host 0.0.0.0 --port 8000")},
            {"violates": "listen", "code": _swap(DOCKER, '"0.0.0.0"', '"127.0.0.1"')},
            {"violates": "app", "code": _swap(DOCKER, '"service:app"', '"main:app"')},
            {"violates": "app", "code": _swap(DOCKER, "USER daon\n", "USER daon\nWORKDIR /home/daon\n")},
            {"violates": "model-files",
             "code": _swap(DOCKER, "COPY models/churn-1.1.0/ models/churn-1.1.0/", "COPY models/churn-1.1.0/ models/")},
        ],
    },
    "q12_release_gate": {
        "equivalent": [
            {"diff": "- return tuple(int(part) for part in version.split(\".\"))\n+ return list(int(part) for part in version.split(\".\"))",
             "reason": "the version key is only compared: lists of ints compare as tuples do"},
        ],
        "domain": {'inputs': 'every bound at and either side, a first deploy'},
        "hints": [
            "Start with an empty list of failed checks and append a name each time a check fails, in the order "
            "of the table; deploy is true when the list is empty.",
            "Compare versions as tuples of ints, not as strings. Skip the version and AUC checks when "
            "production is None.",
            "Read the bounds carefully: the AUC passes down to production's AUC minus the drop, the latency up "
            "to the budget, each golden difference up to the tolerance, all inclusive. Lists of different "
            "lengths fail the golden check.",
        ],
        "alternatives": [GATE_ALT],
        "wrong": [
            {"violates": "version-higher", "code": _swap(GATE, 'as_tuple(candidate["version"]) <= as_tuple(production["version"])',
                                                         'as_tuple(candidate["version"]) < as_tuple(production["version"])')},
            {"violates": "version-numeric", "code": _swap(GATE, 'as_tuple(candidate["version"]) <= as_tuple(production["version"])',
                                                          'candidate["version"] <= production["version"]')},
            {"violates": "auc-bound", "code": _swap(GATE, 'candidate["auc"] < production["auc"] - max_auc_drop',
                                                    'candidate["auc"] <= production["auc"] - max_auc_drop')},
            {"violates": "latency-bound", "code": _swap(GATE, 'candidate["p95_ms"] > latency_budget_ms',
                                                        'candidate["p95_ms"] >= latency_budget_ms')},
            {"violates": "golden-tol", "code": _swap(GATE, "abs(g - r) > golden_tol", "abs(g - r) >= golden_tol")},
            {"violates": "golden-length", "code": _swap(GATE, "len(got) != len(recorded) or ", "")},
            {"violates": "first-deploy", "code": GATE.replace("production is not None and ", "")},
            {"violates": "order",
             "code": '''
def release_gate(candidate, production, max_auc_drop=0.01, latency_budget_ms=50.0, golden_tol=1e-6):
    failed = []
    if candidate["p95_ms"] > latency_budget_ms:
        failed.append("latency")
    got, recorded = candidate["golden"], candidate["golden_expected"]
    if len(got) != len(recorded) or any(abs(g - r) > golden_tol for g, r in zip(got, recorded)):
        failed.append("golden")
    if production is not None:
        if tuple(map(int, candidate["version"].split("."))) <= tuple(map(int, production["version"].split("."))):
            failed.append("version")
        if candidate["auc"] < production["auc"] - max_auc_drop:
            failed.append("auc")
    return {"deploy": not failed, "failed": failed}
'''},
            {"violates": "result", "code": _swap(GATE, 'return {"deploy": not failed, "failed": failed}', "return not failed, failed")},
            {"violates": "defaults", "code": _swap(GATE, "latency_budget_ms=50.0", "latency_budget_ms=100.0")},
        ],
    },
    "q12b_k8s_manifest": {
        "domain": {"inputs": "one manifest; the namespace's other pods (the nightly job's, with labels of their own)"},
        "hints": [
            "Start from the Deployment: replicas, a selector, and a template whose labels the selector names, with "
            "one container (image, containerPort, readinessProbe, resources). Then a line --- and the Service: a "
            "selector and one port.",
            "Pick the pod labels first and use them three times: in the template's metadata.labels, in the "
            "Deployment's selector.matchLabels and in the Service's selector. The batch job's pods are also "
            "app: churn, so one label must tell the API's pods apart.",
            "Follow the port: uvicorn listens on 8000; give containerPort 8000 a name (or not) and use the same name "
            "or number in the probe's port and in the Service's targetPort. Without targetPort the Service sends to "
            "its own port, 80.",
        ],
        "alternatives": [K8S_ALT_LIST, K8S_ALT_JSON],
        "wrong": [
            {"violates": "yaml", "code": _swap(K8S, "    matchLabels:\n      app: churn", "    matchLabels:\n\\t  app: churn")},
            # the --- forgotten: one mapping whose repeated keys keep the Service's values
            {"violates": "objects", "code": _swap(K8S, "---\n", "")},
            {"violates": "objects", "code": _swap(K8S, "apiVersion: apps/v1", "apiVersion: v1")},
            {"violates": "replicas", "code": _swap(K8S, "replicas: 2", "replicas: 1")},
            {"violates": "image", "code": _swap(K8S, "daon/churn-service:1.1.0", "daon/churn-service:latest")},
            {"violates": "image", "code": _swap(K8S, "containerPort: 8000", "containerPort: 80")},
            {"violates": "deployment-selector",
             "code": _swap(K8S, "    matchLabels:\n      app: churn\n      component: api", "    matchLabels:\n      app: churn-api")},
            {"violates": "probe-path", "code": _swap(K8S, "path: /health", "path: /healthz")},
            {"violates": "probe-path", "code": _swap(K8S, "path: /health", "path: /predict")},
            {"violates": "probe-port", "code": _swap(K8S, "              port: http", "              port: 80")},
            {"violates": "probe-port", "code": _swap(K8S, "              port: http", "              port: api")},
            # a quoted number is a port name to Kubernetes, and a name needs a letter: the API server refuses it
            {"violates": "probe-port", "code": _swap(K8S, "              port: http", '              port: "8000"')},
            {"violates": "resources",
             "code": _swap(K8S, '            limits:\n              cpu: "1"\n              memory: 512Mi\n', "")},
            {"violates": "resources", "code": _swap(K8S, "memory: 256Mi", "memory: 256MB")},
            {"violates": "request-limit", "code": _swap(K8S, "memory: 256Mi", "memory: 1Gi")},
            {"violates": "request-limit", "code": _swap(K8S, "cpu: 250m", "cpu: 1500m")},
            # m is a thousandth: a request of 256m is 0.256 bytes, a valid quantity the kubelet cannot honour
            {"violates": "memory-size", "code": _swap(K8S, "memory: 256Mi", "memory: 256m")},
            {"violates": "memory-size", "code": _swap(_swap(K8S, "memory: 256Mi", "memory: 128m"), "memory: 512Mi", "memory: 512m")},
            {"violates": "service-selects",
             "code": _swap(K8S, "  selector:\n    app: churn\n    component: api", "  selector:\n    app: churn-api")},
            {"violates": "service-not-batch",
             "code": _swap(K8S, "  selector:\n    app: churn\n    component: api", "  selector:\n    app: churn")},
            {"violates": "service-port", "code": _swap(K8S, "\n      targetPort: http", "")},
            {"violates": "service-port", "code": _swap(K8S, "targetPort: http", "targetPort: 80")},
            {"violates": "service-port", "code": _swap(K8S, "targetPort: http", 'targetPort: "8000"')},
        ],
    },
    "q13_psi": {
        "domain": {'inputs': 'values at the edges and outside, empty bins, lists and arrays'},
        "hints": [
            "Convert both inputs with `np.asarray(..., dtype=float)`, then compute the inner edges once, from "
            "`expected` only, with `np.quantile` at `np.arange(1, n_bins) / n_bins`.",
            "`np.searchsorted(edges, values, side=\"right\")` gives every value's bin number; "
            "`np.bincount(..., minlength=n_bins)` counts them. Divide by the number of values for the shares.",
            "`np.maximum(shares, eps)` floors the small shares without touching the others; then sum (q - p) * "
            "log(q / p) and return a Python float.",
        ],
        "alternatives": [PSI_ALT],
        "wrong": [
            {"violates": "quantile-edges",
             "code": _swap(PSI, "edges = np.quantile(e, np.arange(1, n_bins) / n_bins)",
                           "edges = np.linspace(e.min(), e.max(), n_bins + 1)[1:-1]   # equal-width bins")},
            {"violates": "edge-right", "code": _swap(PSI, 'side="right"', 'side="left"')},
            {"violates": "outside",
             "code": _swap(PSI, '        return np.bincount(np.searchsorted(edges, x, side="right"), minlength=n_bins) / len(x)',
                           "        counts, _ = np.histogram(x, bins=np.quantile(e, np.linspace(0, 1, n_bins + 1)))\n"
                           "        return counts / len(x)")},
            {"violates": "eps-floor", "code": _swap(_swap(PSI, "p = np.maximum(shares(e), eps)", "p = shares(e) + eps"),
                                                    "q = np.maximum(shares(a), eps)", "q = shares(a) + eps")},
            {"violates": "formula", "code": _swap(PSI, "np.sum((q - p) * np.log(q / p))", "np.sum(q * np.log(q / p))")},
            {"violates": "n-bins", "code": _swap(PSI, "def psi(expected, actual, n_bins=10, eps=1e-4):",
                                                 "def psi(expected, actual, n_bins=10, eps=1e-4):\n    n_bins = 10")},
            {"violates": "eps-arg", "code": _swap(PSI, "def psi(expected, actual, n_bins=10, eps=1e-4):",
                                                  "def psi(expected, actual, n_bins=10, eps=1e-4):\n    eps = 1e-4")},
            {"violates": "sequences",
             "code": _swap(PSI, "    edges = np.quantile(e, np.arange(1, n_bins) / n_bins)",
                           "    edges = expected.quantile(np.arange(1, n_bins) / n_bins).to_numpy()")},
        ],
        "equivalent": [
            {
                "diff": "- e = np.asarray(expected, dtype=np.float64)\n"
                        "+ e = np.asarray(expected)",
                "reason": "PSI's inputs are converted with np.asarray; numbers given as Python floats or ints "
                          "give the same proportions and the same PSI",
            },
            {
                "diff": "- a = np.asarray(actual, dtype=np.float64)\n"
                        "+ a = np.asarray(actual)",
                "reason": "PSI's inputs are converted with np.asarray; numbers given as Python floats or ints "
                          "give the same proportions and the same PSI",
            },
            {
                "diff": "- return float(np.sum((q - p) * np.log(q / p)))\n"
                        "+ return (np.sum((q - p) * np.log(q / p)))",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q13b_monitored_app": {
        "domain": {'inputs': 'batches of 1 to 100 valid customers, two apps with registries of their own, '
                             'scrapes before, between and after the predictions'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`create_monitored_app`",
            "forging": "the counts and the predictions are compared with the judge's own, from the stub model's "
                       "formula; the durations have to add up to at least the time the stub model sleeps in the "
                       "requests and at most the time the client waited",
        },
        "hints": [
            "Create the metrics at the top of create_monitored_app, each with `registry=registry`: "
            "`Counter(\"churn_predictions\", \"...\", [\"churn\"], registry=registry)` and "
            "`Histogram(\"churn_predict_duration_seconds\", \"...\", registry=registry)`. Then call "
            "`.labels(churn=\"true\")` and `.labels(churn=\"false\")` once, so that both series exist at 0.",
            "In the /predict route, take `start = time.perf_counter()` first; after the predictions, add 1 per "
            "prediction to `.labels(churn=\"true\" if p.churn else \"false\")` and observe "
            "`time.perf_counter() - start` once.",
            "`/metrics` returns `Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)` "
            "(`from fastapi import Response`). Read it yourself: `print(client.get(\"/metrics\").text)` in a "
            "`with TestClient(app) as client:` block shows what Prometheus would scrape.",
        ],
        "alternatives": [METRICS_ALT_CHILDREN, METRICS_ALT_MIDDLEWARE],
        "wrong": [
            {"violates": "predict", "code": _swap(METRICS, "churn=p >= model.threshold", "churn=p > model.threshold")},
            {"violates": "metrics-endpoint",
             "code": "from fastapi.responses import PlainTextResponse\n" + _swap(
                 METRICS, "return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)",
                 "return PlainTextResponse(generate_latest(registry).decode())")},
            {"violates": "counter-name", "shows": "your counter is named churn_prediction_total",
             "code": _swap(METRICS, 'Counter("churn_predictions",', 'Counter("churn_prediction",')},
            {"violates": "counter-name", "shows": "a Counter, not a gauge",     # a gauge counts down too
             "code": _swap(_swap(METRICS, "Counter, Histogram, generate_latest",
                                 "Counter, Gauge, Histogram, generate_latest"),
                           'Counter("churn_predictions",', 'Gauge("churn_predictions_total",')},
            {"violates": "counter-label",   # str(True) is "True"
             "code": _swap(METRICS, 'predictions.labels(churn="true" if p.churn else "false").inc()',
                           "predictions.labels(churn=str(p.churn)).inc()")},
            {"violates": "per-prediction",  # requests that returned each class, not predictions
             "code": _swap(METRICS, "        for p in result:\n"
                                    '            predictions.labels(churn="true" if p.churn else "false").inc()\n',
                           "        for churn in {p.churn for p in result}:\n"
                           '            predictions.labels(churn="true" if churn else "false").inc()\n')},
            {"violates": "initialised", "code": _swap(METRICS, '    for value in ("true", "false"):\n'
                                                               "        predictions.labels(churn=value)\n", "")},
            {"violates": "histogram",       # a summary: no buckets, Prometheus cannot aggregate its quantiles
             "code": _swap(_swap(METRICS, "Counter, Histogram, generate_latest", "Counter, Summary, generate_latest"),
                           'duration = Histogram("', 'duration = Summary("')},
            {"violates": "histogram",       # one series per status code: the question asks for none
             "code": _swap(_swap(METRICS, '"Time to answer one POST /predict request",\n',
                                 '"Time to answer one POST /predict request", ["code"],\n'),
                           "duration.observe(", 'duration.labels(code="200").observe(')},
            {"violates": "per-request",     # once per customer
             "code": _swap(METRICS, "        duration.observe(time.perf_counter() - start)\n",
                           "        for _ in result:\n            duration.observe(time.perf_counter() - start)\n")},
            {"violates": "per-request",     # observed twice: the route and the histogram's decorator
             "code": _swap(METRICS, "    def predict(body: PredictRequest, request: Request):\n",
                           "    @duration.time()\n    def predict(body: PredictRequest, request: Request):\n")},
            {"violates": "per-request",     # a middleware that times every request, /metrics too
             "code": _swap(_swap(METRICS, "    @app.get(\"/metrics\")\n",
                                 "    @app.middleware(\"http\")\n"
                                 "    async def timed(request, call_next):\n"
                                 "        start = time.perf_counter()\n"
                                 "        response = await call_next(request)\n"
                                 "        duration.observe(time.perf_counter() - start)\n"
                                 "        return response\n\n"
                                 "    @app.get(\"/metrics\")\n"),
                           "        duration.observe(time.perf_counter() - start)\n        return PredictResponse",
                           "        return PredictResponse")},
            {"violates": "seconds", "code": _swap(METRICS, "duration.observe(time.perf_counter() - start)",
                                                  "duration.observe((time.perf_counter() - start) * 1000)   # ms")},
            {"violates": "times-the-work",  # observed at the start of the route: a few microseconds
             "code": _swap(_swap(METRICS, "        duration.observe(time.perf_counter() - start)\n", ""),
                           "        start = time.perf_counter()\n",
                           "        start = time.perf_counter()\n"
                           "        duration.observe(time.perf_counter() - start)\n")},
            {"violates": "times-the-work",  # prometheus_client's decorator is synchronous: on an async def it
             # times only the creation of the coroutine, not the request
             "code": _swap(_swap(_swap(METRICS, "    def predict(body: PredictRequest, request: Request):\n",
                                       "    @duration.time()\n    async def predict(body: PredictRequest, request: Request):\n"),
                                 "        start = time.perf_counter()\n", ""),
                           "        duration.observe(time.perf_counter() - start)\n", "")},
            {"violates": "times-the-work",  # the same decorator on another async route: the coroutine's creation
             "code": _swap(METRICS_ALT_CHILDREN, """    @app.post("/predict")
    async def predict(body: PredictRequest) -> PredictResponse:
        model = state["model"]
        with latency.time():
            probabilities = model.predict_proba([c.model_dump() for c in body.customers])
            churn = [p >= model.threshold for p in probabilities]
            for value, n in collections.Counter(churn).items():
                by_class[value].inc(n)
            return PredictResponse(model_version=model.version, predictions=[
                Prediction(customer_id=c.customer_id, probability=p, churn=k)
                for c, p, k in zip(body.customers, probabilities, churn)])
""", """    @app.post("/predict")
    @latency.time()
    async def predict(body: PredictRequest) -> PredictResponse:
        model = state["model"]
        probabilities = model.predict_proba([c.model_dump() for c in body.customers])
        churn = [p >= model.threshold for p in probabilities]
        for value, n in collections.Counter(churn).items():
            by_class[value].inc(n)
        return PredictResponse(model_version=model.version, predictions=[
            Prediction(customer_id=c.customer_id, probability=p, churn=k)
            for c, p, k in zip(body.customers, probabilities, churn)])
""")},
            {"violates": "metrics-endpoint",    # the global REGISTRY's text: none of this app's metrics
             "code": _swap(METRICS, "generate_latest(registry)", "generate_latest()")},
            {"violates": "registry",        # the first app's metrics, kept for every later app: the second
             # app's registry stays empty, and its requests count on the first app's
             "code": _swap(_swap(METRICS, "def create_monitored_app(load_model, registry):\n",
                                 "_CREATED = []\n\n\ndef create_monitored_app(load_model, registry):\n"),
                           '''    predictions = Counter("churn_predictions", "Predictions returned by POST /predict, by predicted class",
                          ["churn"], registry=registry)
    for value in ("true", "false"):
        predictions.labels(churn=value)
    duration = Histogram("churn_predict_duration_seconds", "Time to answer one POST /predict request",
                         registry=registry)
''', '''    if not _CREATED:    # once: a second Counter of the same name raises "Duplicated timeseries"
        predictions = Counter("churn_predictions", "Predictions returned by POST /predict, by predicted class",
                              ["churn"], registry=registry)
        for value in ("true", "false"):
            predictions.labels(churn=value)
        duration = Histogram("churn_predict_duration_seconds", "Time to answer one POST /predict request",
                             registry=registry)
        _CREATED.extend([predictions, duration])
    predictions, duration = _CREATED
''')},
            {"violates": "registry",        # prometheus_client's global REGISTRY
             "code": _swap(_swap(_swap(METRICS, '["churn"], registry=registry)', '["churn"])'),
                                 '"Time to answer one POST /predict request",\n                         registry=registry)',
                                 '"Time to answer one POST /predict request")'),
                           "generate_latest(registry)", "generate_latest()")},
            # hard-coded: the visible test's scrapes, whatever the app served
            METRICS_HARD_CODED,
        ],
        "equivalent": [
            {
                "diff": "- \n- @asynccontextmanager",
                "reason": "FastAPI also accepts a bare async generator function as lifespan (Starlette wraps "
                          "it), so the model is still loaded once at start-up",
            },
            {
                "diff": "- api = FastAPI(title=\"Daon Market churn service (monitored)\", lifespan=lifespan)\n"
                        "+ api = FastAPI(lifespan=lifespan)",
                "reason": "the question does not ask for a title: it changes only the OpenAPI page's heading",
            },
            {
                "diff": "- @api.post(\"/predict\", response_model=PredictResponse)\n"
                        "+ @api.post(\"/predict\")",
                "reason": "the handler returns a PredictResponse already, so the response body is the same "
                          "with or without response_model",
            },
        ],
    },
    "q14_drift_alerts": {
        "domain": {'inputs': 'streaks at and either side of days_on and days_off'},
        "hints": [
            "Follow one feature at a time, day by day, with a little state: whether the feature is in alert now, "
            "and how many days in a row have disagreed with that state (drifted days while calm, calm days while "
            "in alert).",
            "A drifted day is `value >= threshold`. When the count of disagreeing days reaches days_on (not in "
            "alert) or days_off (in alert), flip the state and restart the count; a day that agrees with the "
            "state resets the count to 0.",
            "Append the state of each day after updating it, then build the result with "
            "`pd.DataFrame(dict_of_lists, index=daily_psi.index)`.",
        ],
        "alternatives": [DRIFT_ALT],
        "wrong": [
            {"violates": "at-least", "code": _swap(DRIFT, "drifted = value >= threshold", "drifted = value > threshold")},
            {"violates": "days-on", "code": _swap(DRIFT, "if streak == (days_off if in_alert else days_on):",
                                                  "if streak == (days_off if in_alert else days_on + 1):")},
            {"violates": "streak-on",
             "code": _swap(DRIFT, "            streak = streak + 1 if drifted != in_alert else 0\n",
                           "            streak = streak + 1 if drifted != in_alert else (0 if in_alert else streak)\n")},
            {"violates": "days-off", "code": _swap(DRIFT, "if streak == (days_off if in_alert else days_on):",
                                                   "if streak == (days_off + 1 if in_alert else days_on):")},
            {"violates": "streak-off",
             "code": _swap(DRIFT, "            streak = streak + 1 if drifted != in_alert else 0\n",
                           "            streak = streak + 1 if drifted != in_alert else (streak if in_alert else 0)\n")},
            {"violates": "stays",
             "code": '''
def drift_alerts(daily_psi, threshold=0.25, days_on=3, days_off=2):
    drifted = daily_psi >= threshold
    return drifted.astype(int).rolling(days_on, min_periods=days_on).sum().eq(days_on)
'''},
            {"violates": "per-feature",
             "code": _swap(_swap(DRIFT, "    states = {}\n", "    states = {}\n    in_alert, streak = False, 0\n"),
                           "        in_alert, streak, column = False, 0, []\n", "        column = []\n")},
            {"violates": "arguments", "code": _swap(DRIFT, "(days_off if in_alert else days_on)", "(2 if in_alert else 3)")},
            {"violates": "defaults", "code": _swap(DRIFT, "days_on=3, days_off=2", "days_on=3, days_off=3")},
            {"violates": "frame", "code": _swap(DRIFT, "    return pd.DataFrame(states, index=daily_psi.index)\n",
                                                "    return states\n")},
        ],
    },
    "q15_promote": {
        "domain": {'inputs': 'a first model, a better and a worse challenger, both directions'},
        "hints": [
            "Work in three steps with one `MlflowClient(tracking_uri)`: make sure the registered model exists, "
            "register the run's `model` folder as a new version (every call), then decide which alias the new "
            "version gets.",
            "`client.get_registered_model(name).aliases` is a dict: no key `champion` means there is nothing to "
            "beat. Otherwise the champion's version has a `run_id`; its run's `data.metrics` holds the value to "
            "compare with.",
            "Write the comparison once for both modes, with a strict `>` or `<`: an equal value is not better. "
            "Return the number of the version `champion` points to when `promote` returns, as an int "
            "(through a tracking server the aliases dict holds version numbers as strings).",
        ],
        "alternatives": [PROMOTE_ALT],
        "wrong": [
            {"violates": "register",
             "code": _swap(_swap(PROMOTE, "    new = client.create_model_version(model_name, f\"runs:/{run_id}/model\", run_id=run_id)\n"
                                          "    aliases = client.get_registered_model(model_name).aliases\n",
                                 "    aliases = client.get_registered_model(model_name).aliases\n"
                                 "    new = None if aliases.get(\"champion\") else client.create_model_version(\n"
                                 "        model_name, f\"runs:/{run_id}/model\", run_id=run_id)\n"),
                           "    better = new_value > old_value if mode == \"max\" else new_value < old_value\n",
                           "    better = new_value > old_value if mode == \"max\" else new_value < old_value\n"
                           "    if not better:\n        return int(champion.version)   # only a winner is worth a version\n"
                           "    new = client.create_model_version(model_name, f\"runs:/{run_id}/model\", run_id=run_id)\n")},
            {"violates": "create-model",
             "code": _swap(PROMOTE, "    if not client.search_registered_models(filter_string=f\"name = '{model_name}'\"):\n"
                                    "        client.create_registered_model(model_name)\n", "")},
            {"violates": "model-path", "code": _swap(PROMOTE, 'f"runs:/{run_id}/model"', 'f"runs:/{run_id}"')},
            {"violates": "first",
             "code": _swap(PROMOTE, "    if \"champion\" not in aliases:\n", "    if not client.search_model_versions(f\"name = '{model_name}'\", max_results=2)[1:]:\n")},
            {"violates": "champion-metric",
             "code": _swap(PROMOTE, "    champion = client.get_model_version(model_name, aliases[\"champion\"])\n",
                           "    champion = client.get_model_version(model_name, aliases[\"champion\"])\n"
                           "    latest = client.get_model_version(model_name, str(int(new.version) - 1))\n")
             .replace("client.get_run(champion.run_id).data.metrics[metric]", "client.get_run(latest.run_id).data.metrics[metric]")},
            {"violates": "direction", "code": _swap(PROMOTE, "new_value < old_value", "new_value > old_value")},
            {"violates": "default-max", "code": _swap(PROMOTE, 'metric, mode="max"):', 'metric, mode="min"):')},
            {"violates": "strictly-better",
             "code": _swap(PROMOTE, "new_value > old_value if mode == \"max\" else new_value < old_value",
                           "new_value >= old_value if mode == \"max\" else new_value <= old_value")},
            {"violates": "challenger",
             "code": _swap(PROMOTE, 'client.set_registered_model_alias(model_name, "champion" if better else "challenger", new.version)',
                           'if better:\n        client.set_registered_model_alias(model_name, "champion", new.version)')},
            {"violates": "other-alias",
             "code": _swap(PROMOTE, "    return int(new.version) if better else int(champion.version)\n",
                           "    if better:   # the old champion stays on the bench as challenger\n"
                           "        client.set_registered_model_alias(model_name, \"challenger\", champion.version)\n"
                           "    return int(new.version) if better else int(champion.version)\n")},
            {"violates": "no-stages",
             "code": _swap(PROMOTE, "    return int(new.version) if better else int(champion.version)\n",
                           "    if better:\n"
                           "        client.transition_model_version_stage(model_name, new.version, \"Production\",\n"
                           "                                              archive_existing_versions=True)\n"
                           "    return int(new.version) if better else int(champion.version)\n")},
            {"violates": "returns",
             "code": _swap(PROMOTE, "    return int(new.version) if better else int(champion.version)\n",
                           "    return int(new.version)   # the version this call registered\n")},
        ],
        "equivalent": [
            {"diff": "- return int(new.version) if better else int(champion.version)\n+ return int(new.version) if better else round(champion.version)",
             "reason": "MLflow's ModelVersion.version is an int (sqlite and file stores alike): round() of an int is that int"},
            {"diff": "- return int(new.version) if better else int(champion.version)\n+ return round(new.version) if better else int(champion.version)",
             "reason": "MLflow's ModelVersion.version is an int (sqlite and file stores alike): round() of an int is that int"},
            {"diff": "- return int(new.version)\n+ return round(new.version)",
             "reason": "MLflow's ModelVersion.version is an int (sqlite and file stores alike): round() of an int is that int"},
            {"diff": "- return int(new.version)\n+ return (new.version)", "reason": _INT_VERSION},
            {"diff": "- return int(new.version) if better else int(champion.version)\n"
                     "+ return (new.version) if better else int(champion.version)", "reason": _INT_VERSION},
            {"diff": "- return int(new.version) if better else int(champion.version)\n"
                     "+ return int(new.version) if better else (champion.version)", "reason": _INT_VERSION},
        ],
    },
    "q15b_champion_pyfunc": {
        "domain": {"inputs": "artifacts with other weights, statistics and feature orders; examples and frames of "
                             "customers (recency_days 0-365, orders_90d 0-30, avg_basket_krw 0-300,000, tenure_days "
                             "0-2,000) with their columns in any order; a name churn with or without versions"},
        "hints": [
            "Start from the table above Question 15b: a class with `load_context` (read the folder MLflow copied, "
            "`context.artifacts[\"churn\"]`) and `predict` (select `model_input[feature_names]`, standardise, "
            "sigmoid), then one `mlflow.pyfunc.log_model(...)` in a run with `artifacts={\"churn\": artifact_dir}`.",
            "The signature needs your model's output for `example` before the model is logged: build one instance, "
            "call its `load_context` yourself with `mlflow.pyfunc.PythonModelContext(artifacts=..., model_config={})`, "
            "then `infer_signature(example, instance.predict(None, example))`.",
            "`registered_model_name=\"churn\"` registers the version; its number is `model_info.registered_model_version`. "
            "Move `champion` with `MlflowClient(tracking_uri).set_registered_model_alias(...)` at every call. The loader "
            "first points MLflow at the store it is given (`mlflow.set_tracking_uri`) and loads `models:/churn@champion` "
            "every time.",
        ],
        "alternatives": [PYFUNC_ALT_PICKLED, PYFUNC_ALT_FUNCTION],
        "wrong": [
            {"violates": "signature",
             "code": _swap(PYFUNC, "                                       signature=signature, pip_requirements",
                           "                                       pip_requirements")},
            {"violates": "signature-inputs",
             "code": _swap(PYFUNC, "infer_signature(example, local.predict(None, example))",
                           "infer_signature(example.to_numpy(), local.predict(None, example))")},
            {"violates": "signature-output",
             "code": _swap(PYFUNC, "infer_signature(example, local.predict(None, example))",
                           "infer_signature(example)")},
            {"violates": "pyfunc",
             "code": _swap(PYFUNC, "    with mlflow.start_run(run_name=\"churn-pyfunc\"):\n"
                                   "        info = mlflow.pyfunc.log_model(name=\"model\", python_model=ChurnPyfunc(), artifacts=artifacts,\n"
                                   "                                       signature=signature, pip_requirements=[\"mlflow\", \"numpy\", \"pandas\", \"torch\"],\n"
                                   "                                       registered_model_name=\"churn\")\n"
                                   "    version = int(info.registered_model_version)\n",
                           "    with mlflow.start_run(run_name=\"churn-pyfunc\") as run:   # the folder as it is, as in Question 15\n"
                           "        mlflow.log_artifacts(str(artifact_dir), artifact_path=\"model\")\n"
                           "    client = MlflowClient(tracking_uri)\n"
                           "    if not client.search_registered_models(filter_string=\"name = 'churn'\"):\n"
                           "        client.create_registered_model(\"churn\")\n"
                           "    version = int(client.create_model_version(\"churn\", f\"runs:/{run.info.run_id}/model\",\n"
                           "                                              run_id=run.info.run_id).version)\n")},
            {"violates": "self-contained",
             "code": _swap(_swap(PYFUNC, "        folder = Path(context.artifacts[\"churn\"])\n",
                                 "        folder = Path(self.folder)   # the folder the model was made from\n"),
                           "    info = mlflow.pyfunc.log_model(name=\"model\", python_model=ChurnPyfunc(), artifacts=artifacts,",
                           "    wrapper = ChurnPyfunc()\n        wrapper.folder = str(artifact_dir)\n"
                           "        info = mlflow.pyfunc.log_model(name=\"model\", python_model=wrapper,").replace(
                 "    local = ChurnPyfunc()\n", "    local = ChurnPyfunc()\n    local.folder = str(artifact_dir)\n")},
            {"violates": "predictions",     # unscaled inputs: the raw features into the linear layer
             "code": _swap(PYFUNC, "        x = (model_input[self.features].to_numpy(dtype=np.float64) - self.mean) / self.std\n",
                           "        x = model_input[self.features].to_numpy(dtype=np.float64)\n")},
            {"violates": "predictions",     # another model: the notebook's own, not the artifact's
             "code": _swap(PYFUNC, "        self.weight = state[\"weight\"].double().numpy().reshape(-1)\n"
                                   "        self.bias = float(state[\"bias\"].double().item())\n",
                           "        self.weight = model.weight.detach().double().numpy().reshape(-1)   # the trained model\n"
                           "        self.bias = float(model.bias.detach().double().item())\n")},
            {"violates": "predictions",     # the columns by position: right only when example's order is FEATURES's
             "code": _swap(PYFUNC, "model_input[self.features].to_numpy", "model_input.to_numpy")},
            {"violates": "registered",
             "code": _swap(_swap(PYFUNC, "registered_model_name=\"churn\")", "registered_model_name=\"daon-churn\")"),
                           "set_registered_model_alias(\"churn\"", "set_registered_model_alias(\"daon-churn\"")},
            {"violates": "alias-new",       # the alias is only set when there is none: it stays on an older version
             "code": _swap(PYFUNC, "    MlflowClient(tracking_uri).set_registered_model_alias(\"churn\", \"champion\", str(version))\n",
                           "    client = MlflowClient(tracking_uri)\n"
                           "    if \"champion\" not in client.get_registered_model(\"churn\").aliases:\n"
                           "        client.set_registered_model_alias(\"churn\", \"champion\", str(version))\n")},
            {"violates": "returns",
             "code": _swap(PYFUNC, "    return version\n", "    return info.model_uri\n")},
            {"violates": "loader-store",
             "code": _swap(PYFUNC, "    mlflow.set_tracking_uri(tracking_uri)\n    model = mlflow.pyfunc.load_model",
                           "    model = mlflow.pyfunc.load_model")},
            {"violates": "loader-alias",    # the latest version, not the one champion points to
             "code": _swap(PYFUNC, "\"models:/churn@champion\"", "\"models:/churn/latest\"")},
            {"violates": "loader-alias",    # the run of the last publish, kept in a global
             "code": _swap(_swap(PYFUNC, "    version = int(info.registered_model_version)\n",
                                 "    version = int(info.registered_model_version)\n"
                                 "    global LAST_MODEL_URI\n    LAST_MODEL_URI = info.model_uri\n"),
                           "mlflow.pyfunc.load_model(\"models:/churn@champion\")", "mlflow.pyfunc.load_model(LAST_MODEL_URI)")},
            # hard-coded: the notebook's own predictions and version 1, whatever the store holds
            "def publish_champion(tracking_uri, artifact_dir, example):\n    return 1\n\n\n"
            "def champion_predict(tracking_uri, frame):\n"
            "    x = torch.tensor(((frame[list(FEATURES)] - mean) / std).to_numpy(), dtype=torch.float32)\n"
            "    with torch.no_grad():\n        return torch.sigmoid(model(x)).reshape(-1).double().numpy()\n",
        ],
        "equivalent": [
            {"diff": '- self.weight = state["weight"].double().numpy().reshape(-1)\n+ self.weight = state["weight"].double().numpy().reshape(- 2)',
             "reason": "numpy's reshape takes any negative size as the one to infer: (1, 4) becomes (4,) either way"},
            {"diff": '- state = torch.load(folder / "weights.pt", weights_only=True)\n+ state = torch.load(folder / "weights.pt", weights_only=False)',
             "reason": "the file is a state_dict of tensors: both modes load the same tensors (weights_only only refuses other objects)"},
            {"diff": '- state = torch.load(folder / "weights.pt", weights_only=True)\n+ state = torch.load(folder / "weights.pt")',
             "reason": "torch 2.6+ loads with weights_only=True by default: the same call"},
            {"diff": "- version = int(info.registered_model_version)\n+ version = (info.registered_model_version)", "reason": _INT_VERSION},
            {"diff": "- version = int(info.registered_model_version)\n+ version = round(info.registered_model_version)", "reason": _INT_VERSION},
            {"diff": "- return np.asarray(model.predict(frame), dtype=np.float64)\n+ return np.asarray(model.predict(frame))",
             "reason": "the model's predict already returns a float64 array"},
            {"diff": '- self.mean = np.asarray(meta["mean"], dtype=np.float64)\n+ self.mean = np.asarray(meta["mean"])',
             "reason": "meta.json's mean is a list of floats: numpy makes it float64 anyway"},
            {"diff": '- self.std = np.asarray(meta["std"], dtype=np.float64)\n+ self.std = np.asarray(meta["std"])',
             "reason": "meta.json's std is a list of floats: numpy makes it float64 anyway"},
            {"diff": '- self.bias = float(state["bias"].double().item())\n+ self.bias = (state["bias"].double().item())',
             "reason": "Tensor.item() of a float64 tensor is already a Python float"},
            {"diff": "- x = (model_input[self.features].to_numpy(dtype=np.float64) - self.mean) / self.std\n"
                     "+ x = (model_input[self.features].to_numpy() - self.mean) / self.std",
             "reason": "the four columns hold int64 and float64: to_numpy() gives float64, and the arithmetic with the float64 mean would anyway"},
            {"diff": '- with mlflow.start_run(run_name="churn-pyfunc"):\n+ with mlflow.start_run():', "reason": "the run's name is not asked"},
            {"diff": '- info = mlflow.pyfunc.log_model(name="model", python_model=ChurnPyfunc(), artifacts=artifacts,\n'
                     '+ info = mlflow.pyfunc.log_model(python_model=ChurnPyfunc(), artifacts=artifacts,',
             "reason": "the model's name inside the run is not asked (MLflow names it for you)"},
            {"diff": '- meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))\n+ meta = json.loads((folder / "meta.json").read_text())',
             "reason": "meta.json of the artifact is ASCII JSON: any locale's encoding reads it the same"},
            {"diff": '- signature=signature, pip_requirements=["mlflow", "numpy", "pandas", "torch"],\n'
                     '+ signature=signature,',
             "reason": "no requirement grades the requirements MLflow records: without pip_requirements MLflow "
                       "infers them in a second process, slower (the text advises against it), not wrong"},
        ],
    },
    "q16_rollout_plan": {
        "hints": [
            "Answer the four bullets in order, each with something concrete for Daon Market: an image tag, a "
            "traffic percentage, a metric with a number, a time, a person.",
            "Think about what makes a rollback possible at all: which artifacts and images must still exist, "
            "what the batch job writes, what the previous version expects as input. And remember that churn "
            "labels arrive 60 days late: what can you watch before that?",
        ],
    },
}
