"""Named JSON entities (PROTOCOL §3.9): dashboards, saved searches, alerts (``/jobs``), shippers and external stores.

Each entity is stored as the JSON document the client sent (keyed by its name field) in the generic ``resources``
table, so fields of newer API versions survive; GET answers it with ``createTime`` / ``lastModifyTime`` (unix
seconds) added. Shippers are logstore-scoped (deleting the logstore deletes them and their tasks); everything else
is project-scoped.

Shipper tasks are not run by the emulator: tests put them in place through the control plane::

    PUT /_emulator/projects/{project}/logstores/{logstore}/shippers/{shipper}/tasks
        body: [{"id", "taskStatus": "success|running|fail", "taskMessage", "taskCreateTime",
                "taskLastDataReceiveTime", "taskFinishTime"}, ...]   (replaces the task list)

It is unauthenticated from a loopback client, like ``/_emulator/reset``. :func:`set_shipper_tasks` does the same in
process. The helpers at the top (:class:`EntityKind`, :func:`json_object`, :func:`create_entity`...) are shared
with the logtail config and machine group handlers.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..context import Context
from ..core import (
    ApiError,
    Request,
    Response,
    contains,
    int_param,
    json_response,
    page,
    paging,
    parameter_invalid,
)
from ..routes import AUTH_LOOPBACK, Router
from ..storage import AlreadyExists, NotFound, Storage

TIME_KEYS = ("createTime", "lastModifyTime")

Validator = Callable[[Dict[str, Any]], None]
Check = Callable[[str, Dict[str, Any]], None]


class EntityKind:
    """How one kind of named entity is stored, named and reported.

    :param kind: the ``resources.kind`` value
    :param label: the name used in messages (``dashboard``, ``logtail config``...)
    :param name_field: the JSON field holding the name
    :param pattern: the name rule (PROTOCOL §10) and ``rule`` its description
    :param exists_code: error code of a duplicate create (400)
    :param missing_code: error code of a missing entity (404)
    :param invalid_code: error code of a malformed body (400)
    :param validate: extra checks of a create / update body (raise ``ApiError``)
    """

    def __init__(
        self,
        kind: str,
        label: str,
        name_field: str,
        pattern: str,
        rule: str,
        exists_code: str,
        missing_code: str,
        invalid_code: str = "ParameterInvalid",
        validate: Optional[Validator] = None,
    ) -> None:
        self.kind = kind
        self.label = label
        self.name_field = name_field
        self.pattern = re.compile(pattern)
        self.rule = rule
        self.exists_code = exists_code
        self.missing_code = missing_code
        self.invalid_code = invalid_code
        self.validate = validate

    def invalid(self, message: str) -> ApiError:
        return ApiError(400, self.invalid_code, message)

    def missing(self, name: str) -> ApiError:
        return ApiError(404, self.missing_code, f"{self.label} {name} does not exist")

    def exists(self, name: str) -> ApiError:
        return ApiError(400, self.exists_code, f"{self.label} {name} already exists")

    def check_name(self, name: Any) -> str:
        if not isinstance(name, str) or not self.pattern.match(name):
            raise parameter_invalid(f"invalid {self.label} name {name!r}: {self.rule}")
        return name


def json_object(req: Request, invalid_code: str = "ParameterInvalid") -> Dict[str, Any]:
    """The body as a JSON object; ``invalid_code`` (400) when it is empty, not JSON or not an object."""
    data = req.payload()
    try:
        body = json.loads(data) if data.strip() else None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, invalid_code, f"the request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ApiError(400, invalid_code, "the request body must be a JSON object")
    return body


def with_times(body: Dict[str, Any], create_time: int, modify_time: int) -> Dict[str, Any]:
    out = dict(body)
    out["createTime"] = create_time
    out["lastModifyTime"] = modify_time
    return out


def _strip_times(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if k not in TIME_KEYS}


def read_body(ctx: Context, req: Request, kind: EntityKind, path_name: Optional[str] = None) -> Tuple[str, Dict]:
    """The validated body of a create (``path_name`` None) or update: ``(name, body without times)``."""
    body = json_object(req, kind.invalid_code)
    if path_name is None:
        name = kind.check_name(body.get(kind.name_field))
    else:
        given = body.get(kind.name_field)
        if given not in (None, "", path_name):
            raise parameter_invalid(
                f"{kind.name_field} {given!r} in the body differs from the {kind.label} {path_name!r} of the path"
            )
        name = path_name
        body[kind.name_field] = name
    body = _strip_times(body)
    if kind.validate is not None:
        kind.validate(body)
    return name, body


def create_entity(
    ctx: Context, req: Request, kind: EntityKind, scope: str = "", check: Optional[Check] = None
) -> Tuple[str, Dict[str, Any]]:
    """Store a new entity from the body; ``check(project, body)`` runs after validation (e.g. references)."""
    project = ctx.project(req).name
    name, body = read_body(ctx, req, kind)
    if check is not None:
        check(project, body)
    try:
        ctx.storage.put_resource(project, kind.kind, name, body, ctx.now(), scope=scope, create=True)
    except AlreadyExists:
        raise kind.exists(name) from None
    return name, body


def update_entity(
    ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "", check: Optional[Check] = None
) -> Dict[str, Any]:
    """Replace an existing entity by the body; ``check(project, body)`` runs after validation."""
    project = ctx.project(req).name
    name, body = read_body(ctx, req, kind, name)
    if check is not None:
        check(project, body)
    try:
        ctx.storage.put_resource(project, kind.kind, name, body, ctx.now(), scope=scope, create=False)
    except NotFound:
        raise kind.missing(name) from None
    return body


def load_entity(ctx: Context, project: str, kind: EntityKind, name: str, scope: str = "") -> Dict[str, Any]:
    """The stored body with its times; the kind's NotExist error when absent."""
    try:
        body, created, modified = ctx.storage.get_resource(project, kind.kind, name, scope=scope)
    except NotFound:
        raise kind.missing(name) from None
    return with_times(body, created, modified)


def get_entity(ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "") -> Response:
    return json_response(load_entity(ctx, ctx.project(req).name, kind, name, scope))


def delete_entity(ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "") -> None:
    project = ctx.project(req).name
    try:
        ctx.storage.delete_resource(project, kind.kind, name, scope=scope)
    except NotFound:
        raise kind.missing(name) from None


def list_page(req: Request, names: List[str], key: str, extra: Optional[Dict[str, List[Any]]] = None) -> Response:
    """``{"count", "total", key: [names of the page]}``; ``extra`` maps more keys to per-name lists."""
    offset, size = paging(req)
    items = page(names, offset, size)
    out: Dict[str, Any] = {"count": len(items), "total": len(names), key: items}
    for extra_key, values in (extra or {}).items():
        out[extra_key] = page(values, offset, size)
    return json_response(out)


def _require_object(kind: EntityKind, body: Dict[str, Any], key: str, required: bool = True) -> None:
    if key not in body or body[key] is None:
        if required:
            raise kind.invalid(f"{key} is required in a {kind.label}")
        return
    if not isinstance(body[key], dict):
        raise kind.invalid(f"{key} of a {kind.label} must be a JSON object")


def _optional_str(kind: EntityKind, body: Dict[str, Any], *keys: str) -> None:
    for key in keys:
        if body.get(key) is not None and not isinstance(body[key], str):
            raise kind.invalid(f"{key} of a {kind.label} must be a string")


# --------------------------------------------------------------------------------------------------------------------
# Dashboards


def _validate_dashboard(body: Dict[str, Any]) -> None:
    _optional_str(DASHBOARD, body, "displayName", "description")
    charts = body.get("charts")
    if charts is not None and (not isinstance(charts, list) or not all(isinstance(c, dict) for c in charts)):
        raise DASHBOARD.invalid("charts of a dashboard must be a list of JSON objects")


DASHBOARD = EntityKind(
    "dashboard",
    "dashboard",
    "dashboardName",
    r"^[0-9a-z][0-9a-z_-]{0,126}[0-9a-z]$",
    "2-128 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit",
    "DashboardAlreadyExist",
    "DashboardNotExist",
    validate=_validate_dashboard,
)


def list_dashboards(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    rows = ctx.storage.list_resources(project, DASHBOARD.kind)
    names = [name for name, _ in rows]
    items = [{"dashboardName": name, "displayName": body.get("displayName", "")} for name, body in rows]
    return list_page(req, names, "dashboards", {"dashboardItems": items})


# --------------------------------------------------------------------------------------------------------------------
# Saved searches


def _validate_savedsearch(body: Dict[str, Any]) -> None:
    _optional_str(SAVEDSEARCH, body, "searchQuery", "logstore", "topic", "displayName")
    if not body.get("searchQuery") or not body.get("logstore"):
        raise SAVEDSEARCH.invalid("a saved search needs searchQuery and logstore")


SAVEDSEARCH = EntityKind(
    "savedsearch",
    "saved search",
    "savedsearchName",
    r"^[0-9a-z][0-9a-z_-]{0,62}[0-9a-z]$",
    "2-64 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit",
    "SavedSearchAlreadyExist",
    "SavedSearchNotExist",
    validate=_validate_savedsearch,
)


def list_savedsearches(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    rows = ctx.storage.list_resources(project, SAVEDSEARCH.kind)
    names = [name for name, _ in rows]
    items = [{"savedsearchName": name, "displayName": body.get("displayName", "")} for name, body in rows]
    return list_page(req, names, "savedsearches", {"savedsearchItems": items})


# --------------------------------------------------------------------------------------------------------------------
# Jobs (alerts and the other job types, stored alike)

JOB_TYPES = ("Alert", "ETL", "Export", "Ingestion", "ScheduledSQL", "Report", "RebuildIndex")

#: Job types with work behind them: type -> (check(ctx, project, body) before the job is stored, may complete the
#: body; start(ctx, project, body) after). Areas add theirs when the router is built (e.g. ``rebuild_index``).
JOB_RUNNERS: Dict[str, Tuple[Callable[[Context, str, Dict[str, Any]], None],
                             Callable[[Context, str, Dict[str, Any]], None]]] = {}


def _validate_job(body: Dict[str, Any]) -> None:
    _optional_str(JOB, body, "displayName", "description", "state", "status")
    job_type = body.get("type")
    if job_type is None:
        body["type"] = "Alert"
    elif job_type not in JOB_TYPES:
        raise JOB.invalid(f"type of a job must be one of {', '.join(JOB_TYPES)}, got {job_type!r}")
    _require_object(JOB, body, "configuration", required=False)
    _require_object(JOB, body, "schedule", required=False)
    state = body.get("state")
    if state is None:
        body["state"] = "Enabled"
    elif state not in ("Enabled", "Disabled"):
        raise JOB.invalid(f"state of a job must be Enabled or Disabled, got {state!r}")


JOB = EntityKind(
    "job",
    "job",
    "name",
    r"^[0-9a-zA-Z_-]{1,63}$",
    "1-63 letters, digits, '_' or '-'",
    "JobAlreadyExist",
    "JobNotExist",
    validate=_validate_job,
)


def _logstores_of(value: Any) -> List[str]:
    """Every string under a ``logstore`` / ``logStore`` / ``store`` key of a job configuration."""
    found: List[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key.lower() in ("logstore", "store") and isinstance(item, str):
                found.append(item)
            else:
                found.extend(_logstores_of(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_logstores_of(item))
    return found


def list_jobs(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    job_type = req.params.get("jobType") or ""
    logstore = req.params.get("logstore") or ""
    matched: List[Dict[str, Any]] = []
    for _name, body in ctx.storage.list_resources(project, JOB.kind):
        if job_type and body.get("type") != job_type:
            continue
        if logstore and logstore not in _logstores_of(body.get("configuration")):
            continue
        matched.append(body)
    offset, size = paging(req)
    items = []
    for body in page(matched, offset, size):
        items.append(load_entity(ctx, project, JOB, body["name"]))
    return json_response({"count": len(items), "total": len(matched), "results": items})


def _set_job_state(state: str) -> Callable[..., Response]:
    def handler(ctx: Context, req: Request, name: str) -> Response:
        project = ctx.project(req).name
        with ctx.storage.lock:
            try:
                body, _, _ = ctx.storage.get_resource(project, JOB.kind, name)
            except NotFound:
                raise JOB.missing(name) from None
            body["state"] = state
            ctx.storage.put_resource(project, JOB.kind, name, body, ctx.now(), create=False)
        return Response()

    handler.__name__ = "EnableJob" if state == "Enabled" else "DisableJob"
    return handler


# --------------------------------------------------------------------------------------------------------------------
# Shippers (logstore-scoped) and their tasks

SHIPPER_TASKS = "shipper_tasks"
TASK_STATUSES = ("success", "running", "fail")
MAX_RETRY_TASKS = 10


def _validate_shipper(body: Dict[str, Any]) -> None:
    target = body.get("targetType")
    if target not in ("oss", "odps"):
        raise SHIPPER.invalid(f"targetType of a shipper must be oss or odps, got {target!r}")
    _require_object(SHIPPER, body, "targetConfiguration")


SHIPPER = EntityKind(
    "shipper",
    "shipper",
    "shipperName",
    r"^[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]$",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    "ShipperAlreadyExist",
    "ShipperNotExist",
    validate=_validate_shipper,
)


def list_shippers(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    names = [name for name, _ in ctx.storage.list_resources(ls.project, SHIPPER.kind, scope=ls.name)]
    return list_page(req, names, "shipper")


def create_shipper(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    create_entity(ctx, req, SHIPPER, scope=ls.name)
    return Response()


def get_shipper(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return get_entity(ctx, req, SHIPPER, name, scope=ls.name)


def update_shipper(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    update_entity(ctx, req, SHIPPER, name, scope=ls.name)
    return Response()


def delete_shipper(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    with ctx.storage.lock:
        delete_entity(ctx, req, SHIPPER, name, scope=ls.name)
        try:
            ctx.storage.delete_resource(ls.project, SHIPPER_TASKS, name, scope=ls.name)
        except NotFound:
            pass
    return Response()


def _tasks(storage: Storage, project: str, logstore: str, shipper: str) -> List[Dict[str, Any]]:
    try:
        body, _, _ = storage.get_resource(project, SHIPPER_TASKS, shipper, scope=logstore)
    except NotFound:
        return []
    return list(body)


def _check_shipper(ctx: Context, project: str, logstore: str, shipper: str) -> None:
    try:
        ctx.storage.get_resource(project, SHIPPER.kind, shipper, scope=logstore)
    except NotFound:
        raise SHIPPER.missing(shipper) from None


def get_shipper_tasks(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    """Tasks created in ``[from, to)`` (all when absent), optionally of one ``status``, newest first."""
    ls = ctx.logstore(req, logstore)
    _check_shipper(ctx, ls.project, ls.name, name)
    start = int_param(req, "from", 0, minimum=0)
    end = int_param(req, "to", 1 << 62, minimum=0)
    status = (req.params.get("status") or "").strip()
    if status and status not in TASK_STATUSES:
        raise parameter_invalid(f"status must be one of {', '.join(TASK_STATUSES)} or empty, got {status!r}")
    in_range = [t for t in _tasks(ctx.storage, ls.project, ls.name, name)
                if start <= int(t.get("taskCreateTime", 0)) < end]
    in_range.sort(key=lambda t: (-int(t.get("taskCreateTime", 0)), str(t.get("id", ""))))
    statistics = {s: sum(1 for t in in_range if t.get("taskStatus") == s) for s in TASK_STATUSES}
    matched = [t for t in in_range if not status or t.get("taskStatus") == status]
    offset, size = paging(req)
    items = page(matched, offset, size)
    return json_response({"count": len(items), "total": len(matched), "statistics": statistics, "tasks": items})


def retry_shipper_tasks(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    """Failed tasks listed in the body go back to ``running`` (at most 10 per call)."""
    ls = ctx.logstore(req, logstore)
    try:
        ids = json.loads(req.payload() or b"null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise parameter_invalid(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise parameter_invalid('the body must be a JSON list of task ids, e.g. ["task-1"]')
    if len(ids) > MAX_RETRY_TASKS:
        raise parameter_invalid(f"at most {MAX_RETRY_TASKS} tasks can be retried at once, got {len(ids)}")
    with ctx.storage.lock:
        _check_shipper(ctx, ls.project, ls.name, name)
        tasks = _tasks(ctx.storage, ls.project, ls.name, name)
        by_id = {str(t.get("id")): t for t in tasks}
        for task_id in ids:
            task = by_id.get(task_id)
            if task is None:
                raise parameter_invalid(f"task {task_id} of shipper {name} does not exist")
            if task.get("taskStatus") != "fail":
                raise parameter_invalid(f"task {task_id} is {task.get('taskStatus')}; only failed tasks can be retried")
        for task_id in ids:
            by_id[task_id]["taskStatus"] = "running"
            by_id[task_id]["taskMessage"] = ""
        ctx.storage.put_resource(ls.project, SHIPPER_TASKS, name, tasks, ctx.now(), scope=ls.name)
    return Response()


def _check_task(task: Any) -> Dict[str, Any]:
    if not isinstance(task, dict) or not isinstance(task.get("id"), str) or not task["id"]:
        raise parameter_invalid(f"a shipper task must be a JSON object with a string id, got {task!r}")
    status = task.get("taskStatus", "running")
    if status not in TASK_STATUSES:
        raise parameter_invalid(f"taskStatus must be one of {', '.join(TASK_STATUSES)}, got {status!r}")
    out = {
        "id": task["id"],
        "taskStatus": status,
        "taskMessage": task.get("taskMessage", ""),
        "taskCreateTime": int(task.get("taskCreateTime", 0)),
        "taskLastDataReceiveTime": int(task.get("taskLastDataReceiveTime", 0)),
        "taskFinishTime": int(task.get("taskFinishTime", 0)),
    }
    return out


def set_shipper_tasks(storage: Storage, project: str, logstore: str, shipper: str, tasks: List[Any], now: int) -> None:
    """Replace the task list of a shipper (which must exist); ``NotFound`` otherwise."""
    checked = [_check_task(t) for t in tasks]
    with storage.lock:
        storage.get_logstore(project, logstore)
        storage.get_resource(project, SHIPPER.kind, shipper, scope=logstore)
        storage.put_resource(project, SHIPPER_TASKS, shipper, checked, now, scope=logstore)


def put_shipper_tasks(ctx: Context, req: Request, project: str, logstore: str, name: str) -> Response:
    try:
        tasks = json.loads(req.payload() or b"null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise parameter_invalid(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(tasks, list):
        raise parameter_invalid("the body must be a JSON list of shipper tasks")
    try:
        set_shipper_tasks(ctx.storage, project, logstore, name, tasks, ctx.now())
    except NotFound as exc:
        if exc.kind == SHIPPER.kind:
            raise SHIPPER.missing(name) from None
        raise
    return json_response({"count": len(tasks)})


# --------------------------------------------------------------------------------------------------------------------
# External stores


def _validate_external_store(body: Dict[str, Any]) -> None:
    store_type = body.get("storeType")
    if not isinstance(store_type, str) or not store_type:
        raise EXTERNAL_STORE.invalid("storeType is required in an external store")
    _require_object(EXTERNAL_STORE, body, "parameter")


EXTERNAL_STORE = EntityKind(
    "externalstore",
    "external store",
    "externalStoreName",
    r"^[0-9a-zA-Z_][0-9a-zA-Z_-]{1,127}$",
    "2-128 letters, digits, '_' or '-', not starting with '-'",
    "ExternalStoreAlreadyExist",
    "ExternalStoreNotExist",
    validate=_validate_external_store,
)


def list_external_stores(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("externalStoreName"))
    names = [name for name, _ in ctx.storage.list_resources(project, EXTERNAL_STORE.kind) if name_filter(name)]
    return list_page(req, names, "externalstores")


def _add_crud(router: Router, path: str, kind: EntityKind, api: str) -> None:
    """Create, get, update and delete of a project-level entity stored as JSON under ``path``."""

    def create(ctx: Context, req: Request) -> Response:
        starts: List[Callable[[Context, str, Dict[str, Any]], None]] = []

        def check(project: str, body: Dict[str, Any]) -> None:
            runner = JOB_RUNNERS.get(str(body.get("type"))) if kind is JOB else None
            if runner is not None:
                runner[0](ctx, project, body)
                starts.append(runner[1])

        _name, body = create_entity(ctx, req, kind, check=check)
        for start in starts:
            start(ctx, ctx.project(req).name, body)
        return Response()

    def get(ctx: Context, req: Request, name: str) -> Response:
        return get_entity(ctx, req, kind, name)

    def update(ctx: Context, req: Request, name: str) -> Response:
        update_entity(ctx, req, kind, name)
        return Response()

    def delete(ctx: Context, req: Request, name: str) -> Response:
        delete_entity(ctx, req, kind, name)
        return Response()

    router.add("POST", path, create, name=f"Create{api}")
    router.add("GET", path + "/{name}", get, name=f"Get{api}")
    router.add("PUT", path + "/{name}", update, name=f"Update{api}")
    router.add("DELETE", path + "/{name}", delete, name=f"Delete{api}")


def register(router: Router) -> None:
    router.add("GET", "/dashboards", list_dashboards, name="ListDashboard")
    _add_crud(router, "/dashboards", DASHBOARD, "Dashboard")

    router.add("GET", "/savedsearches", list_savedsearches, name="ListSavedSearch")
    _add_crud(router, "/savedsearches", SAVEDSEARCH, "SavedSearch")

    router.add("GET", "/jobs", list_jobs, name="ListJobs")
    _add_crud(router, "/jobs", JOB, "Job")
    router.add("PUT", "/jobs/{name}", _set_job_state("Enabled"), when={"action": "enable"}, name="EnableJob")
    router.add("PUT", "/jobs/{name}", _set_job_state("Disabled"), when={"action": "disable"}, name="DisableJob")

    base = "/logstores/{logstore}/shipper"
    router.add("GET", base, list_shippers, name="ListShipper")
    router.add("POST", base, create_shipper, name="CreateShipper")
    router.add("GET", base + "/{name}", get_shipper, name="GetShipper")
    router.add("PUT", base + "/{name}", update_shipper, name="UpdateShipper")
    router.add("DELETE", base + "/{name}", delete_shipper, name="DeleteShipper")
    router.add("GET", base + "/{name}/tasks", get_shipper_tasks, name="GetShipperTasks")
    router.add("PUT", base + "/{name}/tasks", retry_shipper_tasks, name="RetryShipperTasks")
    router.add(
        "PUT",
        "/_emulator/projects/{project}/logstores/{logstore}/shippers/{name}/tasks",
        put_shipper_tasks,
        project=False,
        auth=AUTH_LOOPBACK,
        name="EmulatorPutShipperTasks",
    )

    router.add("GET", "/externalstores", list_external_stores, name="ListExternalStore")
    _add_crud(router, "/externalstores", EXTERNAL_STORE, "ExternalStore")
