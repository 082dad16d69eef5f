"""Who may do what to a task: role × action × own unit / other unit / other
agency, through the pages and through the API alike.

Targets (see ``tests/plans/task_helpers.make_world``): ``union`` — the union's
lead task of 3.1 (the gratitude visits); ``vp`` — the Office's support task
of 3.1; ``center`` — the IT centre's duty; ``vnpt`` — VNPT's duty (an outside
enterprise in the Department's plan); ``other`` — a task of a second agency.
"""

import json

import pytest
from django.db import transaction
from django.test import Client

from kehoach.api.auth import hash_token, new_token_key
from kehoach.orgs.models import ApiToken
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Evidence, ProgressUpdate, Task
from kehoach.plans.services import add_contribution
from tests.plans.task_helpers import make_world, media, png_bytes, upload

pytestmark = pytest.mark.django_db
__all__ = ["media"]

TARGETS = ("union", "vp", "center", "vnpt", "other")
DEPARTMENT = frozenset({"union", "vp", "center", "vnpt"})

ROLES = {
    "director": "giamdoc",
    "deputy": "phogiamdoc",
    "office": "vanphong",
    "clerk": "vanthu",
    "admin": "quantri",
    "union_head": "congdoan",
    "center_head": "trungtam",
    "center_member": "canbo",
    "enterprise": "vnpt",
    "enterprise_b": "viettel",
    "ld_clerk": "ld_clerk",
    "ld_member": "ld_member",
}

NONE: frozenset[str] = frozenset()
_MANAGERS = {"director": DEPARTMENT, "deputy": DEPARTMENT, "office": DEPARTMENT}

ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    # Everyone of the Department sees the tasks of its plans; an enterprise
    # its own; the other agency only its own.
    "view": {
        **dict.fromkeys(("director", "deputy", "office", "clerk", "admin"), DEPARTMENT),
        **dict.fromkeys(("union_head", "center_head", "center_member"), DEPARTMENT),
        "enterprise": frozenset({"vnpt"}),
        "enterprise_b": NONE,
        "ld_clerk": frozenset({"other"}),
        "ld_member": frozenset({"other"}),
    },
    # Members update their unit's tasks; the Office and leadership any task
    # of their agency's plans.
    "update": {
        **_MANAGERS,
        "clerk": frozenset({"vp"}),
        "admin": frozenset({"center"}),  # a member of the IT centre
        "union_head": frozenset({"union"}),
        "center_head": frozenset({"center"}),
        "center_member": frozenset({"center"}),
        "enterprise": frozenset({"vnpt"}),
        "enterprise_b": NONE,
        "ld_clerk": NONE,
        "ld_member": frozenset({"other"}),
    },
    # ... and the supporting unit (the Office) adds to the lead's task.
    "add_evidence": {
        **_MANAGERS,
        "clerk": frozenset({"vp", "union"}),
        "admin": frozenset({"center"}),
        "union_head": frozenset({"union"}),
        "center_head": frozenset({"center"}),
        "center_member": frozenset({"center"}),
        "enterprise": frozenset({"vnpt"}),
        "enterprise_b": NONE,
        "ld_clerk": frozenset({"other"}),  # its Office supports the other 3.1
        "ld_member": frozenset({"other"}),
    },
    # Only the task's own unit completes it.
    "complete": {
        "director": NONE,
        "deputy": NONE,
        "office": frozenset({"vp"}),  # heads the Office unit
        "clerk": frozenset({"vp"}),
        "admin": frozenset({"center"}),
        "union_head": frozenset({"union"}),
        "center_head": frozenset({"center"}),
        "center_member": frozenset({"center"}),
        "enterprise": frozenset({"vnpt"}),
        "enterprise_b": NONE,
        "ld_clerk": NONE,
        "ld_member": frozenset({"other"}),
    },
    "reopen": {**_MANAGERS},
    # The Office, leadership, and the head of the activity's lead unit.
    "reassign": {
        **_MANAGERS,
        "union_head": frozenset({"union", "vp"}),
        "center_head": frozenset({"center"}),
    },
    # Units working on the activity and the agency-wide roles.
    "download": {
        **dict.fromkeys(("director", "deputy", "office", "clerk", "admin"), DEPARTMENT),
        "union_head": frozenset({"union", "vp"}),
        "center_head": frozenset({"center"}),
        "center_member": frozenset({"center"}),
        "enterprise": frozenset({"vnpt"}),
        "enterprise_b": NONE,
        "ld_clerk": frozenset({"other"}),
        "ld_member": frozenset({"other"}),
    },
}
ACTIONS = tuple(ALLOWED)

# Who adds the evidence each target starts with (a member of its unit).
EVIDENCE_BY = {
    "union": "congdoan",
    "vp": "vanthu",
    "center": "canbo",
    "vnpt": "vnpt",
    "other": "ld_member",
}


def _user(demo, world, role):
    username = ROLES[role]
    if username.startswith("ld_"):
        return world.other[username.removeprefix("ld_")].user
    return demo.people[username].user


def _token_client(user):
    key = new_token_key()
    ApiToken.objects.create(
        user=user, name="m", prefix=key[:8], key_hash=hash_token(key)
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def setup(demo, media):
    world = make_world(demo, other_agency=True)
    evidence = {}
    for key, username in EVIDENCE_BY.items():
        actor = (
            world.other["member"].user
            if username.startswith("ld_")
            else demo.people[username].user
        )
        update = add_contribution(
            world.fresh(key), actor=actor, files=[upload("a.png", png_bytes())]
        )
        evidence[key] = update.evidence.get()
    reassign_to = dict.fromkeys(DEPARTMENT, demo.units["ttbc"])
    reassign_to["other"] = world.other["office"]
    return world, evidence, reassign_to


def _consumed(response):
    """Read a file response to the end: the test client then closes it
    without firing ``close_old_connections`` (which would drop a
    PostgreSQL connection inside the test's transaction)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _page_request(client, action, task, evidence, unit):
    base = f"/nhiem-vu/{task.pk}/"
    version = str(task.version)
    if action == "view":
        return client.get(base)
    if action == "update":
        return client.post(
            base + "cap-nhat/",
            {"status": "in_progress", "percent": "40", "note": "x", "version": version},
        )
    if action == "add_evidence":
        return client.post(
            base + "dong-gop/",
            {
                "contrib-note": "x",
                "contrib-attachments": [upload("b.png", png_bytes())],
            },
        )
    if action == "complete":
        return client.post(
            base + "cap-nhat/", {"status": "done", "percent": "100", "version": version}
        )
    if action == "reopen":
        return client.post(
            base + "mo-lai/", {"reopen-reason": "Thiếu ảnh", "reopen-version": version}
        )
    if action == "reassign":
        return client.post(
            base + "giao-lai/",
            {"reassign-unit": str(unit.pk), "reassign-version": version},
        )
    return _consumed(client.get(f"{base}minh-chung/{evidence.pk}/"))


def _api_request(client, action, task, evidence, unit):
    base = f"/api/tasks/{task.pk}"

    def post(path, data):
        return client.post(
            base + path, json.dumps(data), content_type="application/json"
        )

    if action == "view":
        return client.get(base)
    if action == "update":
        return post(
            "/progress",
            {"status": "in_progress", "percent": 40, "version": task.version},
        )
    if action == "add_evidence":
        return client.post(
            base + "/evidence", {"files": [upload("b.png", png_bytes())]}
        )
    if action == "complete":
        return post("/progress", {"status": "done", "version": task.version})
    if action == "reopen":
        return post("/reopen", {"reason": "Thiếu ảnh", "version": task.version})
    if action == "reassign":
        return post("/reassign", {"unit": unit.pk, "version": task.version})
    return _consumed(client.get(f"{base}/evidence/{evidence.pk}"))


def _effect(action, before, task_pk, unit):
    """Whether the action changed what it should have."""
    task = Task.objects.get(pk=task_pk)
    if action == "update":
        return task.percent == 40
    if action == "complete":
        return task.status == TaskStatus.DONE
    if action == "reopen":
        return task.status == TaskStatus.IN_PROGRESS
    if action == "reassign":
        return task.unit_id == unit.pk
    if action == "add_evidence":
        return Evidence.objects.count() > before
    return True


def _outcomes(kind, client, role, action, setup):
    """(target, status) of each target where the outcome is not the one the
    table expects; every attempt is rolled back."""
    world, evidence, reassign_to = setup
    allowed = ALLOWED[action].get(role, NONE)
    visible = ALLOWED["view"][role]
    send = _page_request if kind == "page" else _api_request
    wrong = []
    for target in TARGETS:
        with transaction.atomic():
            if action == "reopen":
                Task.objects.filter(pk=world.tasks[target].pk).update(
                    status=TaskStatus.DONE, percent=100
                )
            task = world.fresh(target)
            before = Evidence.objects.count()
            updates = ProgressUpdate.objects.count()
            response = send(client, action, task, evidence[target], reassign_to[target])
            if target in allowed:
                ok = response.status_code in {200, 201, 302} and _effect(
                    action, before, task.pk, reassign_to[target]
                )
            else:
                refused = 404 if target not in visible or action == "download" else 403
                ok = (
                    response.status_code == refused
                    and ProgressUpdate.objects.count() == updates
                )
            if not ok:
                wrong.append((kind, action, target, response.status_code))
            transaction.set_rollback(True)
    return wrong


@pytest.mark.parametrize("role", tuple(ROLES))
def test_permission_matrix(setup, demo, role):
    user = _user(demo, setup[0], role)
    page = Client()
    page.force_login(user)
    api = _token_client(user)
    wrong = []
    for action in ACTIONS:
        wrong += _outcomes("page", page, role, action, setup)
        wrong += _outcomes("api", api, role, action, setup)
    assert wrong == []


def test_matrix_covers_every_role_and_action():
    for action, table in ALLOWED.items():
        assert set(table) <= set(ROLES), action
        for allowed in table.values():
            assert allowed <= set(TARGETS)
