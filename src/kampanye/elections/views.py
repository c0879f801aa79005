"""Election pages: the pairs, results by round and wilayah, turnout, polls, campaign funds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from lokal import format_rupiah

from kampanye.core.charts import figure_json
from kampanye.elections import queries

VIEW = "kampanye.view_vocabulary"


def _election(request):
    return queries.current_election(request.GET.get("pemilihan"))


def _empty(request):
    return render(request, "elections/empty.html", {})


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    election = _election(request)
    if election is None:
        return _empty(request)
    return render(
        request,
        "elections/index.html",
        {"overview": queries.election_overview(election), "tab": "index"},
    )


def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language (id: ',' and '.')."""
    return str(get_format("DECIMAL_SEPARATOR")) + str(get_format("THOUSAND_SEPARATOR"))


def _bar(shares, title: str) -> str:
    return figure_json(
        [
            {
                "type": "bar",
                "x": [s.contestant.short for s in shares],
                "y": [round(s.share_pct, 2) if s.share_pct is not None else None for s in shares],
                "marker": {"color": [queries.contestant_color(s.contestant) for s in shares]},
                "text": [
                    f"{number_format(round(s.share_pct, 2), 2)} %"
                    if s.share_pct is not None
                    else ""
                    for s in shares
                ],
                "textposition": "auto",
            }
        ],
        {"title": {"text": title}, "yaxis": {"title": {"text": "%"}}, "separators": _separators()},
    )


def _grouped(results) -> str:
    data = []
    for c in results.contestants:
        xs, ys = [], []
        for a in results.wilayah:
            share = next((s for s in a.shares if s.contestant.pk == c.pk), None)
            xs.append(
                a.area.name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")
            )
            ys.append(round(share.share_pct, 2) if share and share.share_pct is not None else None)
        if any(y is not None for y in ys):
            data.append(
                {
                    "type": "bar",
                    "name": c.short,
                    "x": xs,
                    "y": ys,
                    "marker": {"color": queries.contestant_color(c)},
                }
            )
    return figure_json(
        data, {"barmode": "group", "yaxis": {"title": {"text": "%"}}, "separators": _separators()}
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def results(request):
    election = _election(request)
    if election is None:
        return _empty(request)
    number = 2 if request.GET.get("putaran") == "2" else 1
    res = queries.round_results(request.user, election, number)
    context = {
        "election": election,
        "number": number,
        "results": res,
        "tab": "results",
        "turnout": queries.turnout(request.user, election),
        "swing": queries.swing(request.user, election) if number == 2 else [],
        "charts": True,
    }
    if res and res.province:
        context["province_figure"] = _bar(
            res.province.shares, _("Putaran %(n)s: bagian suara sah") % {"n": number}
        )
    if res and res.wilayah:
        context["wilayah_figure"] = _grouped(res)
    return render(request, "elections/results.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def polls(request):
    election = _election(request)
    if election is None:
        return _empty(request)
    number = 2 if request.GET.get("putaran") == "2" else 1
    report = queries.polls_against_result(request.user, election, number)
    data = []
    rnd = election.rounds.filter(number=number).first()
    day = rnd.voting_day.isoformat() if rnd else None
    for c in report.contestants:
        points = [
            (r.poll.date.isoformat(), r.estimates[c.pk])
            for r in report.polls
            if c.pk in r.estimates and r.poll.date
        ]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": c.short,
                "x": [p[0] for p in points],
                "y": [p[1] for p in points],
                "marker": {"color": queries.contestant_color(c), "size": 9},
            }
        )
        if c.pk in report.actual and day:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": _("Hasil %(c)s") % {"c": c.short},
                    "x": [day],
                    "y": [round(report.actual[c.pk], 2)],
                    "marker": {"color": queries.contestant_color(c), "size": 16, "symbol": "star"},
                }
            )
    return render(
        request,
        "elections/polls.html",
        {
            "election": election,
            "number": number,
            "report": report,
            "tab": "polls",
            "transfers": queries.runoff_transfers(election) if number == 2 else [],
            "figure": figure_json(
                data, {"yaxis": {"title": {"text": "%"}}, "separators": _separators()}
            ),
            "charts": True,
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def funds(request):
    election = _election(request)
    if election is None:
        return _empty(request)
    report = queries.campaign_funds(election)
    rows = [
        {
            "contestant": c,
            "cells": [
                format_rupiah(report.amounts[r][c.pk]) if c.pk in report.amounts[r] else ""
                for r in report.reports
            ],
        }
        for c in report.contestants
    ]
    totals = [format_rupiah(report.total_by_report[r]) for r in report.reports]
    heads = [{"report": r[0], "date": r[1], "source": report.sources[r]} for r in report.reports]
    data = [
        {
            "type": "bar",
            "name": f"{r[0]} ({r[1]:%d-%m-%Y})",
            "x": [c.short for c in report.contestants],
            "y": [report.amounts[r].get(c.pk, 0) / 1e9 for c in report.contestants],
            "hovertemplate": "%{x}: Rp%{y:.1f} M<extra></extra>",
        }
        for r in report.reports
    ]
    layout = {
        "barmode": "group",
        "separators": _separators(),
        "yaxis": {"title": {"text": _("miliar Rupiah")}},
    }
    return render(
        request,
        "elections/funds.html",
        {
            "election": election,
            "report": report,
            "rows": rows,
            "heads": heads,
            "totals": totals,
            "tab": "funds",
            "charts": True,
            "figure": figure_json(data, layout),
        },
    )
