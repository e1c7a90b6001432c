"""Named JSON entities (PROTOCOL §3.9): dashboards, saved searches, alerts (``/jobs``), shippers and external stores.

Each entity is stored as the JSON document the client sent (keyed by its name field) in the generic ``resources``
table, so fields of newer API versions survive; GET answers it with ``createTime`` / ``lastModifyTime`` (unix
seconds) added. Shippers are logstore-scoped (deleting the logstore deletes them and their tasks); everything else
is project-scoped.

Shipper tasks are not run by the emulator: tests put them in place through the control plane::

    PUT /_emulator/projects/{project}/logstores/{logstore}/shippers/{shipper}/tasks
        body: [{"id", "taskStatus": "success|running|fail", "taskMessage", "taskCreateTime",
                "taskLastDataReceiveTime", "taskFinishTime"}, ...]   (replaces the task list)

It is a control-plane call, authenticated like ``/_emulator/reset``. The helpers at the top (:class:`EntityKind`,
:func:`create_entity`...) are shared with the logtail config and machine group handlers.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid
from ..errors import Rejected
from ..parsing import NameRule, contains, int_param, json_body, page, paging, parse_int
from ..routes import AUTH_CONTROL, Router

TIME_KEYS = ("createTime", "lastModifyTime")

Validator = Callable[[Dict[str, Any]], None]


class EntityKind:
    """How one kind of named entity is stored, named and checked.

    :param kind: the ``resources.kind`` value (its ``...AlreadyExist`` / ``...NotExist`` codes are rows of
        ``errors.ERRORS``)
    :param label: the name used in messages (``dashboard``, ``logtail config``...)
    :param name_field: the JSON field holding the name
    :param pattern: the name rule (PROTOCOL §10, matched whole) and ``rule`` its description
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
        invalid_code: str = "ParameterInvalid",
        validate: Optional[Validator] = None,
    ) -> None:
        self.kind = kind
        self.label = label
        self.name_field = name_field
        self.name_rule = NameRule(label, pattern, rule)
        self.invalid_code = invalid_code
        self.validate = validate

    def invalid(self, message: str) -> ApiError:
        return ApiError(400, self.invalid_code, message)


def with_times(body: Dict[str, Any], create_time: int, modify_time: int) -> Dict[str, Any]:
    out = dict(body)
    out["createTime"] = create_time
    out["lastModifyTime"] = modify_time
    return out


def _strip_times(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if k not in TIME_KEYS}


def read_body(req: Request, kind: EntityKind, path_name: Optional[str] = None) -> Tuple[str, Dict[str, Any]]:
    """The validated body of a create (``path_name`` None) or update: ``(name, body without times)``."""
    body = json_body(req, code=kind.invalid_code)
    if path_name is None:
        name = kind.name_rule.check(body.get(kind.name_field))
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


def create_entity(ctx: Context, req: Request, kind: EntityKind, scope: str = "") -> None:
    """Store a new entity from the body."""
    name, body = read_body(req, kind)
    ctx.resources.create(ctx.project_name(req), kind.kind, name, body, ctx.now(), scope=scope)


def update_entity(ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "") -> None:
    """Replace an existing entity by the body."""
    name, body = read_body(req, kind, name)
    ctx.resources.replace(ctx.project_name(req), kind.kind, name, body, ctx.now(), scope=scope)


def load_entity(ctx: Context, project: str, kind: EntityKind, name: str, scope: str = "") -> Dict[str, Any]:
    """The stored body with its times; the kind's NotExist error when absent."""
    body, created, modified = ctx.resources.get(project, kind.kind, name, scope=scope)
    return with_times(body, created, modified)


def get_entity(ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "") -> Response:
    return json_response(load_entity(ctx, ctx.project(req).name, kind, name, scope))


def delete_entity(ctx: Context, req: Request, kind: EntityKind, name: str, scope: str = "") -> None:
    ctx.resources.delete(ctx.project_name(req), kind.kind, name, scope=scope)


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
    r"[0-9a-z][0-9a-z_-]{0,126}[0-9a-z]",
    "2-128 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit",
    validate=_validate_dashboard,
)


def list_dashboards(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    rows = ctx.resources.list(project, DASHBOARD.kind)
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
    r"[0-9a-z][0-9a-z_-]{0,62}[0-9a-z]",
    "2-64 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit",
    validate=_validate_savedsearch,
)


def list_savedsearches(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    rows = ctx.resources.list(project, SAVEDSEARCH.kind)
    names = [name for name, _ in rows]
    items = [{"savedsearchName": name, "displayName": body.get("displayName", "")} for name, body in rows]
    return list_page(req, names, "savedsearches", {"savedsearchItems": items})


# --------------------------------------------------------------------------------------------------------------------
# Jobs (alerts and the other job types, stored alike)

JOB_TYPES = ("Alert", "ETL", "Export", "Ingestion", "ScheduledSQL", "Report", "RebuildIndex")


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
    r"[0-9a-zA-Z_-]{1,63}",
    "1-63 letters, digits, '_' or '-'",
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
    for _name, body in ctx.resources.list(project, JOB.kind):
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
    r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    validate=_validate_shipper,
)


def list_shippers(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    names = [name for name, _ in ctx.resources.list(ls.project, SHIPPER.kind, scope=ls.name)]
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
    ctx.resources.delete(ls.project, SHIPPER.kind, name, scope=ls.name, dependents=(SHIPPER_TASKS,))
    return Response()


def _tasks(ctx: Context, project: str, logstore: str, shipper: str) -> List[Dict[str, Any]]:
    """The tasks of an existing shipper (``ShipperNotExist`` otherwise)."""
    ctx.resources.get(project, SHIPPER.kind, shipper, scope=logstore)
    found = ctx.resources.find(project, SHIPPER_TASKS, shipper, scope=logstore)
    return list(found[0]) if found else []


def get_shipper_tasks(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    """Tasks created in ``[from, to)`` (all when absent), optionally of one ``status``, newest first."""
    ls = ctx.logstore(req, logstore)
    tasks = _tasks(ctx, ls.project, ls.name, name)
    start = int_param(req, "from", 0, minimum=0)
    end = int_param(req, "to", 1 << 62, minimum=0)
    status = (req.params.get("status") or "").strip()
    if status and status not in TASK_STATUSES:
        raise parameter_invalid(f"status must be one of {', '.join(TASK_STATUSES)} or empty, got {status!r}")
    in_range = [t for t in tasks if start <= int(t.get("taskCreateTime", 0)) < end]
    in_range.sort(key=lambda t: (-int(t.get("taskCreateTime", 0)), str(t.get("id", ""))))
    statistics = {s: sum(1 for t in in_range if t.get("taskStatus") == s) for s in TASK_STATUSES}
    matched = [t for t in in_range if not status or t.get("taskStatus") == status]
    offset, size = paging(req)
    items = page(matched, offset, size)
    return json_response({"count": len(items), "total": len(matched), "statistics": statistics, "tasks": items})


def retry_shipper_tasks(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    """Failed tasks listed in the body go back to ``running`` (at most 10 per call)."""
    ls = ctx.logstore(req, logstore)
    ids = json_body(req, list, code="ParameterInvalid")
    if not all(isinstance(i, str) for i in ids):
        raise parameter_invalid('the body must be a JSON list of task ids, e.g. ["task-1"]')
    if len(ids) > MAX_RETRY_TASKS:
        raise parameter_invalid(f"at most {MAX_RETRY_TASKS} tasks can be retried at once, got {len(ids)}")

    def retry(tasks: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        by_id = {str(t.get("id")): t for t in tasks}
        for task_id in ids:
            task = by_id.get(task_id)
            if task is None:
                raise Rejected(f"task {task_id} of shipper {name} does not exist")
            if task.get("taskStatus") != "fail":
                raise Rejected(f"task {task_id} is {task.get('taskStatus')}; only failed tasks can be retried")
        for task_id in ids:
            by_id[task_id].update(taskStatus="running", taskMessage="")
        return tasks

    ctx.resources.modify(ls.project, SHIPPER_TASKS, name, retry, ctx.now(), scope=ls.name, default=[],
                         owner=SHIPPER.kind)
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
    }
    for key in ("taskCreateTime", "taskLastDataReceiveTime", "taskFinishTime"):
        out[key] = parse_int(task.get(key, 0), key, 0)
    return out


def put_shipper_tasks(ctx: Context, req: Request, project: str, logstore: str, name: str) -> Response:
    tasks = [_check_task(t) for t in json_body(req, list, code="ParameterInvalid")]
    ctx.logstores.get(project, logstore)
    ctx.resources.modify(project, SHIPPER_TASKS, name, lambda _old: tasks, ctx.now(), scope=logstore, default=[],
                         owner=SHIPPER.kind)
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
    r"[0-9a-zA-Z_][0-9a-zA-Z_-]{1,127}",
    "2-128 letters, digits, '_' or '-', not starting with '-'",
    validate=_validate_external_store,
)


def list_external_stores(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("externalStoreName"))
    names = [name for name, _ in ctx.resources.list(project, EXTERNAL_STORE.kind) if name_filter(name)]
    return list_page(req, names, "externalstores")


def _add_crud(router: Router, path: str, kind: EntityKind, api: str) -> None:
    """Create, get, update and delete of a project-level entity stored as JSON under ``path``."""

    def create(ctx: Context, req: Request) -> Response:
        create_entity(ctx, req, kind)
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

    # /jobs: handlers/jobs.py (job types with their own rules and workers)

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
        auth=AUTH_CONTROL,
        name="EmulatorPutShipperTasks",
    )

    router.add("GET", "/externalstores", list_external_stores, name="ListExternalStore")
    _add_crud(router, "/externalstores", EXTERNAL_STORE, "ExternalStore")
