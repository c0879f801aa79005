"""Ready question blocks a researcher adds to a questionnaire in one step.

Each block is a list of questions in XLSForm terms (``name``, label, kind, choices).
Contestant questions take their choices from the survey's election (code = ballot number);
issue priorities take theirs from the shared issue lexicon (``kampanye.nlp``), so survey
answers and social listening speak of the same issues.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from kampanye.intel.models import QuestionKind
from kampanye.nlp import load_issues

LIKERT_5 = [["1", "sangat tidak suka"], ["2", "tidak suka"], ["3", "netral"], ["4", "suka"],
            ["5", "sangat suka"]]  # fmt: skip
AGE_BANDS = [["17-24", "17–24"], ["25-34", "25–34"], ["35-44", "35–44"], ["45-54", "45–54"],
             ["55plus", "55+"]]  # fmt: skip
SEX = [["l", "laki-laki"], ["p", "perempuan"]]
UNDECIDED = "belum"
SECRET = "rahasia"


def _pairs(contestants: list[Any]) -> list[list[str]]:
    return [[str(c.ballot_no), c.short] for c in contestants]


def _name_recognition(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": "kenal", "label": _("Pasangan mana saja yang Anda kenal atau pernah dengar?"),
         "kind": QuestionKind.MULTIPLE, "choices": _pairs(contestants)},
    ]  # fmt: skip


def _favourability(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": f"suka_{c.ballot_no}",
         "label": _("Seberapa suka Anda pada %(pair)s?") % {"pair": c.short},
         "kind": QuestionKind.LIKERT, "choices": LIKERT_5}
        for c in contestants
    ]  # fmt: skip


def _vote_intention(contestants: list[Any]) -> list[dict[str, Any]]:
    choices = [*_pairs(contestants), [UNDECIDED, "belum memutuskan"], [SECRET, "rahasia"]]
    return [
        {"name": "pilihan", "label": _("Jika pemilihan diadakan hari ini, siapa yang Anda pilih?"),
         "kind": QuestionKind.SINGLE, "choices": choices},
    ]  # fmt: skip


def _certainty(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": "kepastian", "label": _("Seberapa pasti pilihan Anda?"),
         "kind": QuestionKind.SINGLE,
         "choices": [["pasti", "sudah pasti"], ["mungkin", "masih mungkin berubah"],
                     ["tidak_tahu", "tidak tahu"]]},
        {"name": "akan_memilih", "label": _("Apakah Anda akan datang ke TPS?"),
         "kind": QuestionKind.SINGLE,
         "choices": [["pasti", "pasti datang"], ["mungkin", "mungkin"], ["tidak", "tidak"]]},
    ]  # fmt: skip


def _past_vote(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": "pilihan_lalu", "label": _("Siapa yang Anda pilih pada pemilihan gubernur lalu?"),
         "kind": QuestionKind.SINGLE,
         "choices": [["petahana", "calon petahana"], ["lain", "calon lain"],
                     ["tidak_memilih", "tidak memilih"], [SECRET, "lupa / rahasia"]]},
    ]  # fmt: skip


def _issues(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": "isu",
         "label": _("Masalah apa yang paling penting bagi Jakarta? (boleh lebih dari satu)"),
         "kind": QuestionKind.MULTIPLE,
         "choices": [[i.code, i.name] for i in load_issues()]},
        {"name": "isu_terbuka", "label": _("Menurut Anda, apa yang paling perlu diperbaiki?"),
         "kind": QuestionKind.TEXT, "choices": []},
    ]  # fmt: skip


def _demographics(contestants: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": "jk", "label": _("Jenis kelamin"), "kind": QuestionKind.SINGLE, "choices": SEX},
        {"name": "umur", "label": _("Kelompok umur"), "kind": QuestionKind.SINGLE,
         "choices": AGE_BANDS},
        {"name": "wilayah", "label": _("Kota/kabupaten tempat tinggal"),
         "kind": QuestionKind.SINGLE,
         "choices": [["31.71", "Jakarta Pusat"], ["31.72", "Jakarta Utara"],
                     ["31.73", "Jakarta Barat"], ["31.74", "Jakarta Selatan"],
                     ["31.75", "Jakarta Timur"], ["31.01", "Kepulauan Seribu"]]},
        {"name": "pendidikan", "label": _("Pendidikan terakhir"), "kind": QuestionKind.SINGLE,
         "choices": [["sd", "SD ke bawah"], ["smp", "SMP"], ["sma", "SMA"],
                     ["pt", "perguruan tinggi"]]},
    ]  # fmt: skip


BLOCKS: dict[str, Callable[[list[Any]], list[dict[str, Any]]]] = {
    "name_recognition": _name_recognition,
    "favourability": _favourability,
    "vote_intention": _vote_intention,
    "certainty": _certainty,
    "past_vote": _past_vote,
    "issues": _issues,
    "demographics": _demographics,
}


def block_questions(block: str, contestants: list[Any]) -> list[dict[str, Any]]:
    return [dict(q, block=block) for q in BLOCKS[block](contestants)]
