"""Settings of a logstore kept beside its config (documents scoped by the logstore, deleted with it):

- ``GET|PUT /logstores/{ls}/meteringmode``: ``{"meteringMode": "ChargeByFunction" | "ChargeByDataIngest"}``
  (``ChargeByFunction`` until set).
- ``GET|PUT /logstores/{ls}/multimodalconfiguration``: ``{"status": "Enabled" | "Disabled", "anonymousWrite"?}``
  (``Disabled`` until set).
- ``PUT /logstores/{ls}/modification``: ``{"enabled": true}`` allows updating and deleting logs (it cannot be
  switched off); :func:`modification_enabled` tells the data-plane handlers.
"""

from __future__ import annotations

from typing import Any, Dict, Sequence

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import json_body
from ..routes import Router

SETTING_KIND = "logstore_setting"
METERING_MODES = ("ChargeByFunction", "ChargeByDataIngest")
SWITCHES = ("Enabled", "Disabled")
DEFAULTS: Dict[str, Dict[str, Any]] = {
    "meteringmode": {"meteringMode": "ChargeByFunction"},
    "multimodalconfiguration": {"status": "Disabled"},
    "modification": {"enabled": False},
}


def _one_of(value: Any, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise parameter_invalid(f"{what} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _setting(ctx: Context, project: str, logstore: str, setting: str) -> Dict[str, Any]:
    found = ctx.resources.find(project, SETTING_KIND, setting, scope=logstore)
    return dict(found[0]) if found is not None else dict(DEFAULTS[setting])


def modification_enabled(ctx: Context, project: str, logstore: str) -> bool:
    """Whether ``enable_logstore_modify`` was called for the logstore."""
    return bool(_setting(ctx, project, logstore, "modification").get("enabled"))


def _getter(setting: str) -> Any:
    def handler(ctx: Context, req: Request, logstore: str) -> Response:
        ls = ctx.logstore(req, logstore)
        return json_response(_setting(ctx, ls.project, ls.name, setting))

    handler.__name__ = f"get_{setting}"
    return handler


def _store(ctx: Context, req: Request, logstore: str, setting: str, body: Dict[str, Any]) -> Response:
    ls = ctx.logstore(req, logstore)
    ctx.resources.put(ls.project, SETTING_KIND, setting, body, ctx.now(), scope=ls.name)
    return Response()


def put_metering_mode(ctx: Context, req: Request, logstore: str) -> Response:
    body = json_body(req, code="ParameterInvalid")
    mode = _one_of(body.get("meteringMode"), METERING_MODES, "meteringMode")
    return _store(ctx, req, logstore, "meteringmode", {"meteringMode": mode})


def put_multimodal_configuration(ctx: Context, req: Request, logstore: str) -> Response:
    body = json_body(req, code="ParameterInvalid")
    setting = {"status": _one_of(body.get("status"), SWITCHES, "status")}
    if body.get("anonymousWrite") is not None:
        setting["anonymousWrite"] = _one_of(body["anonymousWrite"], SWITCHES, "anonymousWrite")
    return _store(ctx, req, logstore, "multimodalconfiguration", setting)


def enable_modification(ctx: Context, req: Request, logstore: str) -> Response:
    body = json_body(req, code="ParameterInvalid")
    if body.get("enabled") is not True:
        raise parameter_invalid("modification can only be enabled: send {\"enabled\": true}")
    return _store(ctx, req, logstore, "modification", {"enabled": True})


def register(router: Router) -> None:
    base = "/logstores/{logstore}"
    router.add("GET", base + "/meteringmode", _getter("meteringmode"), name="GetLogStoreMeteringMode")
    router.add("PUT", base + "/meteringmode", put_metering_mode, name="UpdateLogStoreMeteringMode")
    router.add("GET", base + "/multimodalconfiguration", _getter("multimodalconfiguration"),
               name="GetLogStoreMultimodalConfiguration")
    router.add("PUT", base + "/multimodalconfiguration", put_multimodal_configuration,
               name="PutLogStoreMultimodalConfiguration")
    router.add("PUT", base + "/modification", enable_modification, name="EnableLogStoreModification")
