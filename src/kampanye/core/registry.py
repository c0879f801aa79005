"""What the foundation knows of the apps above it: only what they register here.

Core imports no other app. Each app tells it, in its ``AppConfig.ready()``, what it brings
(the way apps register their models with Django's admin site):

- ``add_navigation``: its pages in the menu, each behind a permission of ``core.rules``;
- ``add_import_kinds``: the kinds of file ``kampanye import`` / ``export`` and the data page
  take (``core.exchange``);
- ``set_elections``: how an import finds the election its rows belong to;
- ``add_person_kind`` and ``add_person_data``: the personal data it keeps about people and
  how to erase it (``kampanye forget``, ``kampanye retention``, UU PDP No. 27/2022);
- ``add_demo_step``: its part of ``kampanye demo``;
- ``add_housekeeping``: background tasks ``kampanye worker`` queues at start and hourly;
- ``add_map_layers``: figures per area the map colours its kota, kecamatan and kelurahan by.

Apps register in ``INSTALLED_APPS`` order, lower floors first, so every list here is in
that order unless an entry gives its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

__all__ = [
    "DemoStep",
    "Elections",
    "MapSeries",
    "NavItem",
    "PersonData",
    "PersonKind",
    "Registry",
    "registry",
]


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    permission: str  # a name from ``core.rules.PERMISSIONS``
    order: int = 100  # the foundation's own pages (data, audit) come last


@dataclass(frozen=True)
class DemoStep:
    """One idempotent step of ``kampanye demo``.

    ``order`` places it among every app's steps (facts before illustrative activity);
    steps of phase ``"build"`` run before the demo logins exist, steps of phase ``"users"``
    after, and receive ``{username: User}``.
    """

    label: str
    run: Callable[..., Any]
    order: int
    phase: str = "build"


@dataclass(frozen=True)
class Elections:
    """How the import framework finds elections: by slug, and every one for a choice list."""

    find: Callable[[str], Any]  # slug -> Election or None
    choices: Callable[[], Iterable[Any]]  # every election, for the data page's choice list


@dataclass(frozen=True)
class PersonKind:
    """A kind of person an app keeps personal data about (a volunteer, a media contact).

    ``find(id=…, phone=…)`` returns the people not yet forgotten; ``forget(person, by=…,
    erased=…)`` erases them in the owner's tables and writes the one audit entry, with
    ``erased`` the counts the other apps' ``PersonData`` reported; ``idle_since(cutoff)``
    is a queryset of the people who show no sign of life in the owner's own tables since.
    """

    name: str  # "volunteer": also the ``kampanye forget --volunteer ID`` option
    label: str | Promise
    find: Callable[..., list[Any]]
    forget: Callable[..., dict[str, Any]]
    idle_since: Callable[[dt.datetime], Any]
    describe: Callable[[Any], str] = str
    report: Callable[[dict[str, Any]], str] = lambda summary: ""  # what was erased, in words
    login: Callable[[Any], Any] = lambda person: None  # the person's user account, if any


@dataclass(frozen=True)
class PersonData:
    """Another app's personal data about a ``PersonKind``: its field reports' photos, say.

    ``forget(person)`` erases it and returns counts; ``idle_since(people, cutoff)`` narrows a
    queryset of people to those with no sign of life in this app since ``cutoff``.
    """

    kind: str
    forget: Callable[[Any], dict[str, Any]]
    idle_since: Callable[[Any, dt.datetime], Any] | None = None
    report: Callable[[dict[str, Any]], str] = lambda counts: ""  # what was erased, in words


@dataclass(frozen=True)
class MapSeries:
    """One way to colour the map: a figure per area code (any level; areas without one are
    shown without colour)."""

    key: str  # in the map's URL
    label: str | Promise
    values: Mapping[str, float]
    unit: str | Promise = ""
    color: str = "#1f4e79"  # the darkest colour of the scale


@dataclass
class Registry:
    navigation: list[NavItem] = field(default_factory=list)
    import_kinds: dict[str, Any] = field(default_factory=dict)
    elections: Elections | None = None
    person_kinds: dict[str, PersonKind] = field(default_factory=dict)
    person_data: list[PersonData] = field(default_factory=list)
    demo_steps: list[DemoStep] = field(default_factory=list)
    housekeeping: list[str] = field(default_factory=list)
    # user -> the series an app offers that user (figures within the user's area scope)
    map_layers: list[Callable[[Any], list[MapSeries]]] = field(default_factory=list)
    # the audit log's words for an app's actions and for fields without a label of their own
    audit_actions: dict[str, str | Promise] = field(default_factory=dict)
    audit_fields: dict[str, str | Promise] = field(default_factory=dict)

    def add_navigation(
        self, url_name: str, label: str | Promise, permission: str, *, order: int = 100
    ) -> None:
        self.navigation.append(NavItem(url_name, label, permission, order))
        self.navigation.sort(key=lambda item: item.order)

    def add_import_kinds(self, *kinds: Any) -> None:
        for kind in kinds:
            if kind.name in self.import_kinds:
                raise ValueError(f"import kind {kind.name!r} is registered twice")
            self.import_kinds[kind.name] = kind

    def set_elections(self, elections: Elections) -> None:
        self.elections = elections

    def add_person_kind(self, kind: PersonKind) -> None:
        self.person_kinds[kind.name] = kind

    def add_person_data(self, data: PersonData) -> None:
        self.person_data.append(data)

    def add_demo_step(
        self, label: str, run: Callable[..., Any], *, order: int, phase: str = "build"
    ) -> None:
        if phase not in ("build", "users"):
            raise ValueError(f"demo step phase must be 'build' or 'users', not {phase!r}")
        self.demo_steps.append(DemoStep(label, run, order, phase))

    def add_housekeeping(self, task_path: str) -> None:
        """``task_path`` names a django-tasks task ("kampanye.ground.tasks.x"), imported
        only when the worker queues it."""
        self.housekeeping.append(task_path)

    def add_audit_words(
        self,
        *,
        actions: Mapping[str, str | Promise] | None = None,
        fields: Mapping[str, str | Promise] | None = None,
    ) -> None:
        self.audit_actions.update(actions or {})
        self.audit_fields.update(fields or {})

    def add_map_layers(self, layers: Callable[[Any], list[MapSeries]]) -> None:
        self.map_layers.append(layers)

    def map_series(self, user) -> list[MapSeries]:
        return [series for layers in self.map_layers for series in layers(user)]

    def demo(self, phase: str) -> list[DemoStep]:
        return sorted((s for s in self.demo_steps if s.phase == phase), key=lambda s: s.order)

    def data_about(self, kind: str) -> list[PersonData]:
        return [d for d in self.person_data if d.kind == kind]


registry = Registry()
