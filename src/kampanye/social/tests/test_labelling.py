"""The labelling queue: uncertainty order, one label per annotator, agreement, export, pages."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from kampanye.core.models import AuditEntry
from kampanye.social import labelling, queries
from kampanye.social.labelling import LabelIn
from kampanye.social.models import Label, Mention, Post

WHEN = timezone.make_aware(dt.datetime(2012, 7, 5, 9, 0), dt.UTC)


def make_post(election, n, text, mentions):
    """mentions: {contestant: (p_positive, p_neutral, p_negative)}."""
    post = Post.objects.create(
        platform="x",
        external_id=str(n),
        election=election,
        author_handle=f"akun{n}",
        text=text,
        text_norm=text.lower(),
        created_at=WHEN,
        day=WHEN.date(),
    )
    for contestant, (pp, pn, pg) in mentions.items():
        Mention.objects.create(
            post=post,
            contestant=contestant,
            day=post.day,
            platform="x",
            label="neutral",
            p_positive=pp,
            p_neutral=pn,
            p_negative=pg,
            model_version="t",
        )
    return post


@pytest.fixture
def three(election, contestants):
    from kampanye.social.actions import current_queries

    current_queries(election)  # the default queries, for highlighting
    jokowi, foke = contestants[3], contestants[1]
    sure = make_post(election, 1, "Jokowi hebat sekali", {jokowi: (0.9, 0.05, 0.05)})
    unsure = make_post(election, 2, "Foke ya begitulah", {foke: (0.4, 0.35, 0.25)})
    # two mentions: the post's margin is its smallest, 0.5 − 0.45 = 0.05
    mixed = make_post(
        election, 3, "Jokowi atau Foke", {jokowi: (0.7, 0.2, 0.1), foke: (0.5, 0.45, 0.05)}
    )
    return sure, unsure, mixed


def test_the_queue_offers_the_most_uncertain_post_first(election, three, make_user):
    # given: margins sure 0.8, unsure 0.05, mixed min(0.5, 0.05) = 0.05 → id breaks the tie
    sure, unsure, mixed = three
    user = make_user("digital_analyst")
    # when
    queue = queries.label_queue(election, user, n=3)
    # then
    assert queue == [unsure, mixed, sure]


def test_the_queue_skips_own_labels_and_full_posts_go_last(election, three, contestants, make_user):
    # given
    sure, unsure, mixed = three
    a, b, c = (make_user("digital_analyst", username=u) for u in ("a", "b", "c"))
    labelling.save_labels(a, unsure, [LabelIn(contestants[1].pk, "neutral")])
    labelling.save_labels(b, unsure, [LabelIn(contestants[1].pk, "neutral")])
    labelling.save_labels(b, mixed, [LabelIn(contestants[3].pk, "positive")])
    # then: a does not see unsure again; c sees unsure (2 annotators) after the others
    assert queries.label_queue(election, a, n=3) == [mixed, sure]
    assert queries.label_queue(election, c, n=3) == [mixed, sure, unsure]


def test_labelling_again_replaces_and_is_audited(election, three, contestants, make_user):
    # given
    _sure, unsure, _mixed = three
    user = make_user("digital_analyst")
    labelling.save_labels(user, unsure, [LabelIn(contestants[1].pk, "neutral")])
    # when
    labelling.save_labels(user, unsure, [LabelIn(contestants[1].pk, "negative", "banjir")])
    # then
    label = Label.objects.get()
    assert (label.label, label.issue) == ("negative", "banjir")
    assert AuditEntry.objects.filter(action="label_post").count() == 2


def test_one_label_per_post_contestant_annotator_in_the_database(election, three, make_user):
    _sure, unsure, _mixed = three
    user = make_user("digital_analyst")
    Label.objects.create(post=unsure, contestant=None, annotator=user, label="neutral")
    with pytest.raises(IntegrityError):
        Label.objects.create(post=unsure, contestant=None, annotator=user, label="positive")


def test_a_contestant_the_post_does_not_mention_is_refused(election, three, contestants, make_user):
    from django.core.exceptions import ValidationError

    sure, _unsure, _mixed = three
    with pytest.raises(ValidationError):
        labelling.save_labels(
            make_user("digital_analyst"), sure, [LabelIn(contestants[1].pk, "neutral")]
        )


def test_cohen_kappa_on_a_hand_computed_table():
    # given: 10 items; agree on 7 (4 pos, 3 neg); a: 5 pos 5 neg; b: 6 pos 4 neg
    a = ["p"] * 4 + ["n"] * 3 + ["p"] + ["n"] * 2
    b = ["p"] * 4 + ["n"] * 3 + ["n"] + ["p"] * 2
    # when
    kappa, agree, n = labelling.cohen_kappa(a, b)
    # then: p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.2 / 0.5 = 0.4
    assert (agree, n) == (7, 10)
    assert kappa == pytest.approx(0.4)
    assert labelling.cohen_kappa([], []) == (None, 0, 0)
    assert labelling.cohen_kappa(["p", "p"], ["p", "p"]) == (None, 2, 2)


def test_cohen_kappa_when_only_one_annotator_varies_and_on_three_classes():
    # given: one annotator always says p, the other half p half n → p_o = p_e = 0.5
    # when / then: kappa is 0, not undefined
    assert labelling.cohen_kappa(["p", "p"], ["p", "n"]) == (0.0, 1, 2)
    # given three classes: a = p p n u, b = p n n p → p_o = 2/4;
    # p_e = (2·2 [p] + 1·2 [n] + 1·0 [u]) / 16 = 6/16, kappa = (8/16 − 6/16) / (10/16) = 0.2
    kappa, agree, n = labelling.cohen_kappa(["p", "p", "n", "u"], ["p", "n", "n", "p"])
    assert (agree, n) == (2, 4)
    assert kappa == pytest.approx(0.2)
    with pytest.raises(ValueError):
        labelling.cohen_kappa(["p"], [])


def test_agreement_per_pair_of_annotators(election, three, contestants, make_user):
    # given
    sure, unsure, mixed = three
    a, b = make_user("digital_analyst", username="a"), make_user("researcher", username="b")
    labelling.save_labels(a, sure, [LabelIn(contestants[3].pk, "positive")])
    labelling.save_labels(b, sure, [LabelIn(contestants[3].pk, "positive")])
    labelling.save_labels(a, unsure, [LabelIn(contestants[1].pk, "neutral")])
    labelling.save_labels(b, unsure, [LabelIn(contestants[1].pk, "negative")])
    labelling.save_labels(a, mixed, [LabelIn(contestants[1].pk, "negative")])
    # when
    [pair] = queries.agreement(election)
    # then: two shared items, one agreed; p_e = (1·1 + 1·0 + 0·1) / 4 = 0.25 → kappa 1/3
    assert (pair.first, pair.second, pair.agree, pair.items) == ("a", "b", 1, 2)
    assert pair.kappa == pytest.approx((0.5 - 0.25) / 0.75)
    assert queries.label_counts(election) == {
        "positive": 2,
        "neutral": 1,
        "negative": 2,
        "posts": 3,
        "labels": 5,
    }


def test_training_csv_keeps_majorities_and_drops_ties_and_conflicts(
    election, three, contestants, make_user, tmp_path
):
    # given
    sure, unsure, mixed = three
    a, b, c = (make_user("digital_analyst", username=u) for u in ("a", "b", "c"))
    for user, label in ((a, "positive"), (b, "positive"), (c, "neutral")):
        labelling.save_labels(user, sure, [LabelIn(contestants[3].pk, label)])
    labelling.save_labels(a, unsure, [LabelIn(contestants[1].pk, "neutral")])
    labelling.save_labels(b, unsure, [LabelIn(contestants[1].pk, "negative")])  # tie
    labelling.save_labels(
        a, mixed, [LabelIn(contestants[3].pk, "positive"), LabelIn(contestants[1].pk, "negative")]
    )  # one text, two labels
    # when
    n = labelling.write_training_csv(tmp_path / "l.csv", election)
    # then
    rows = list(csv.DictReader((tmp_path / "l.csv").open(encoding="utf-8")))
    assert n == 1 and rows == [{"text": "Jokowi hebat sekali", "label": "positive"}]


def test_pages_need_their_permissions(client, election, make_user):
    client.force_login(make_user("volunteer"))
    for name in (
        "social:label",
        "social:label_agreement",
        "social:label_export",
        "social:coordination",
    ):
        assert client.get(reverse(name)).status_code == 403


def test_the_queue_page_labels_and_moves_on_with_htmx(
    client, election, three, contestants, make_user
):
    # given
    _sure, unsure, mixed = three
    analyst = make_user("digital_analyst")
    client.force_login(analyst)
    page = client.get(reverse("social:label"))
    assert page.status_code == 200 and page.context["post"] == unsure
    assert "<mark>Foke</mark>" in page.content.decode()
    # when
    response = client.post(
        reverse("social:label"),
        {
            "post": unsure.pk,
            f"c{contestants[1].pk}-label": "negative",
            f"c{contestants[1].pk}-issue": "",
        },
        HTTP_HX_REQUEST="true",
    )
    # then: the card of the next post comes back
    assert response.status_code == 200 and response.context["post"] == mixed
    assert Label.objects.get().label == "negative"


def test_a_missing_label_is_shown_not_saved(client, election, three, contestants, make_user):
    _sure, unsure, _mixed = three
    client.force_login(make_user("digital_analyst"))
    response = client.post(reverse("social:label"), {"post": unsure.pk})
    assert response.status_code == 200 and response.context["post"] == unsure
    assert not Label.objects.exists()


def test_the_agreement_page_and_the_export(client, election, three, contestants, make_user):
    client.force_login(make_user("researcher"))
    assert client.get(reverse("social:label_agreement")).status_code == 200
    response = client.get(reverse("social:label_export"))
    assert response.content.decode().splitlines() == ["text,label"]


def test_the_labels_command_writes_a_file_nlp_train_reads(
    election, three, contestants, make_user, tmp_path
):
    # given
    from django.core.management import call_command

    from kampanye.nlp import read_labelled

    sure, _unsure, _mixed = three
    labelling.save_labels(
        make_user("digital_analyst"), sure, [LabelIn(contestants[3].pk, "positive")]
    )
    # when
    call_command("social", "labels", "--out", str(tmp_path / "l.csv"))
    # then
    corpus = read_labelled(tmp_path / "l.csv")
    assert corpus.texts == ["Jokowi hebat sekali"] and corpus.labels == ["positive"]
