"""Logtail pipeline configs, logstore metering mode, multimodal configuration and the modification switch."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import LogClient, LogException, LogtailPipelineConfigDetail

from .helpers import error_of


def pipeline(name: str, logstore: str = "access") -> LogtailPipelineConfigDetail:
    return LogtailPipelineConfigDetail(
        name,
        inputs=[{"Type": "input_file", "FilePaths": ["/var/log/app/*.log"]}],
        flushers=[{"Type": "flusher_sls", "Logstore": logstore}],
        processors=[{"Type": "processor_parse_json_native", "SourceKey": "content"}],
        global_config={"TopicType": "none"},
        log_sample='{"a": 1}',
    )


def test_pipeline_config_crud_filters_and_paging(client: LogClient, project: str) -> None:
    client.create_logtail_pipeline_config(project, pipeline("app-json"))
    got = client.get_logtail_pipeline_config(project, "app-json").get_pipeline_config()
    assert got == pipeline("app-json")
    assert error_of(lambda: client.create_logtail_pipeline_config(project, pipeline("app-json"))) \
        == ("ConfigAlreadyExist", 400)

    changed = pipeline("app-json", logstore="errors")
    changed.aggregators = [{"Type": "aggregator_default"}]
    client.update_logtail_pipeline_config(project, changed)
    assert client.get_logtail_pipeline_config(project, "app-json").get_pipeline_config() == changed

    for name in ("web-1", "web-2", "db-1"):
        client.create_logtail_pipeline_config(project, pipeline(name))
    everything = client.list_logtail_pipeline_config(project)
    assert (everything.get_count(), everything.get_total()) == (4, 4)
    assert sorted(everything.get_configs()) == ["app-json", "db-1", "web-1", "web-2"]
    assert sorted(client.list_logtail_pipeline_config(project, config_name="web").get_configs()) == \
        ["web-1", "web-2"]
    assert client.list_logtail_pipeline_config(project, logstore_name="errors").get_configs() == ["app-json"]
    page = client.list_logtail_pipeline_config(project, offset=3, size=2)
    assert (page.get_count(), page.get_total()) == (1, 4)

    client.delete_logtail_pipeline_config(project, "app-json")
    assert error_of(lambda: client.get_logtail_pipeline_config(project, "app-json")) == ("ConfigNotExist", 404)
    assert error_of(lambda: client.delete_logtail_pipeline_config(project, "app-json")) == ("ConfigNotExist", 404)
    assert error_of(lambda: client.update_logtail_pipeline_config(project, pipeline("app-json"))) \
        == ("ConfigNotExist", 404)


@pytest.mark.parametrize("spoil", [
    lambda d: setattr(d, "inputs", []),
    lambda d: setattr(d, "flushers", []),
    lambda d: setattr(d, "inputs", [{"NoType": 1}]),
    lambda d: setattr(d, "config_name", "bad name/"),
])
def test_bad_pipeline_configs_are_rejected(client: LogClient, project: str,
                                           spoil: Callable[[LogtailPipelineConfigDetail], None]) -> None:
    detail = pipeline("cfg")
    spoil(detail)
    assert error_of(lambda: client.create_logtail_pipeline_config(project, detail)) == ("ParameterInvalid", 400)
    assert client.list_logtail_pipeline_config(project).get_total() == 0
    with pytest.raises(TypeError):
        client.create_logtail_pipeline_config(project, {"configName": "x"})  # type: ignore[arg-type]


def test_metering_mode(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    assert client.get_logstore_metering_mode(project, logstore).get_metering_mode() == "ChargeByFunction"
    client.update_logstore_metering_mode(project, logstore, "ChargeByDataIngest")
    assert client.get_logstore_metering_mode(project, logstore).get_metering_mode() == "ChargeByDataIngest"
    with pytest.raises(LogException) as info:
        client.update_logstore_metering_mode(project, logstore, "Free")
    assert info.value.is_client_error
    assert error_of(lambda: client.get_logstore_metering_mode(project, "missing")) == ("LogStoreNotExist", 404)
    assert error_of(lambda: client.update_logstore_metering_mode(project, "missing", "ChargeByFunction")) \
        == ("LogStoreNotExist", 404)


def test_metering_mode_rejects_unknown_modes_on_the_wire(client: LogClient, project: str,
                                                         make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    resp_error = error_of(lambda: client._send_json("PUT", f"/logstores/{logstore}/meteringmode", project,
                                                    {"meteringMode": "Free"}))
    assert resp_error == ("ParameterInvalid", 400)
    assert client.get_logstore_metering_mode(project, logstore).get_metering_mode() == "ChargeByFunction"


def test_multimodal_configuration(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    got = client.get_logstore_multimodal_configuration(project, logstore)
    assert (got.get_status(), got.get_anonymous_write()) == ("Disabled", None)
    client.put_logstore_multimodal_configuration(project, logstore, "Enabled", anonymous_write="Enabled")
    got = client.get_logstore_multimodal_configuration(project, logstore)
    assert (got.get_status(), got.get_anonymous_write()) == ("Enabled", "Enabled")
    client.put_logstore_multimodal_configuration(project, logstore, "Disabled")
    assert client.get_logstore_multimodal_configuration(project, logstore).get_status() == "Disabled"
    assert error_of(lambda: client.put_logstore_multimodal_configuration(project, logstore, "Maybe")) \
        == ("ParameterInvalid", 400)
    assert error_of(lambda: client.put_logstore_multimodal_configuration(project, logstore, "Enabled", "Maybe")) \
        == ("ParameterInvalid", 400)
    assert error_of(lambda: client.get_logstore_multimodal_configuration(project, "missing")) \
        == ("LogStoreNotExist", 404)


def test_enable_logstore_modify(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    assert client.enable_logstore_modify(project, logstore).get_request_id()
    client.enable_logstore_modify(project, logstore)  # idempotent
    assert error_of(lambda: client._send_json("PUT", f"/logstores/{logstore}/modification", project,
                                              {"enabled": False})) == ("ParameterInvalid", 400)
    assert error_of(lambda: client.enable_logstore_modify(project, "missing")) == ("LogStoreNotExist", 404)
