"""Tags of projects and resources, and moving a project to another resource group."""

from __future__ import annotations

from typing import Callable, Dict, Set, Tuple

from aliyun.log import LogClient

from .helpers import error_of


def project_tags(client: LogClient, project: str, **filters: str) -> Dict[str, str]:
    tags: Dict[str, str] = {}
    for page in client.get_project_tags(project, **filters):
        tags.update(page.get_tags())
    return tags


def tagged(client: LogClient, resource_type: str, resource_id: str, **filters: str) -> Set[Tuple[str, str, str]]:
    return {(tag.get_resource_id(), tag.get_tag_key(), tag.get_tag_value())
            for page in client.list_tag_resources(resource_type, resource_id, **filters) for tag in page.get_tags()}


def test_project_tags(client: LogClient, project: str) -> None:
    assert project_tags(client, project) == {}
    client.tag_project(project, env="prod", team="sre")
    assert project_tags(client, project) == {"env": "prod", "team": "sre"}
    client.tag_project(project, env="staging")  # a key is set again, not added twice
    assert project_tags(client, project) == {"env": "staging", "team": "sre"}
    assert project_tags(client, project, team="sre") == {"env": "staging", "team": "sre"}
    assert project_tags(client, project, team="dev") == {}
    client.untag_project(project, "env", "no-such-key")
    assert project_tags(client, project) == {"team": "sre"}
    assert error_of(lambda: client.tag_project("no-such-project-t", env="x"))[0] == "ProjectNotExist"
    assert error_of(lambda: client.tag_project(project)) == ("ParameterInvalid", 400)
    assert error_of(lambda: client.tag_project(project, **{"acs:reserved": "x"})) == ("ParameterInvalid", 400)
    too_many = {f"k{i}": "v" for i in range(21)}
    assert error_of(lambda: client.tag_project(project, **too_many)) == ("ParameterInvalid", 400)
    assert project_tags(client, project) == {"team": "sre"}


def test_resource_tags_and_listing_by_filter(client: LogClient, project: str,
                                             make_logstore: Callable[..., str]) -> None:
    first, second = make_logstore(), make_logstore()
    client.tag_resources("logstore", f"{project}#{first}", app="web", tier="front")
    client.tag_resources("logstore", f"{project}#{second}", app="web")
    assert tagged(client, "logstore", f"{project}#{first}") == {
        (f"{project}#{first}", "app", "web"), (f"{project}#{first}", "tier", "front")}
    matching = tagged(client, "logstore", f"{project}#{second}", app="web")
    assert matching == {(f"{project}#{second}", "app", "web")}
    client.untag_resources("logstore", f"{project}#{first}", "tier")
    assert tagged(client, "logstore", f"{project}#{first}") == {(f"{project}#{first}", "app", "web")}
    assert error_of(lambda: client.tag_resources("logstore", f"{project}#missing", a="b")) \
        == ("LogStoreNotExist", 404)
    assert error_of(lambda: client.tag_resources("spaceship", f"{project}#x", a="b")) == ("ParameterInvalid", 400)

    client.delete_logstore(project, first)
    assert tagged(client, "logstore", f"{project}#{first}") == set()


def test_listing_many_tags_follows_next_token(client: LogClient, project: str,
                                              make_logstore: Callable[..., str]) -> None:
    client.tag_project(project, **{f"key{i:02d}": str(i) for i in range(20)})
    pages = list(client.get_project_tags(project))
    assert sum(len(page.get_tags()) for page in pages) == 20
    assert pages[-1].next_token == ""


def test_change_resource_group(client: LogClient, project: str) -> None:
    client.change_resource_group(project, "rg-acfm2abc")
    assert client.get_project(project).get_resource_group_id() == "rg-acfm2abc"
    listed = client.list_project(resource_group_id="rg-acfm2abc").get_projects()
    assert [p["projectName"] for p in listed] == [project]
    assert error_of(lambda: client.change_resource_group("no-such-project-rg", "rg-1"))[0] == "ProjectNotExist"
