"""The media centre's use cases: outlets, contacts (personal data), meetings and coverage,
and what each tells the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kampanye.core.models import AuditEntry
from kampanye.ledger.models import Touchpoint
from kampanye.media import actions
from kampanye.media.models import CoverageItem, Meeting, Mention

DAY = dt.date(2012, 6, 30)


def contact(media, contestant=None, now=None, **extra):
    data = {"name": "Rina Contoh", "role": "editor", "outlet_id": media.metro.pk, "consent": True}
    return actions.add_contact(
        {**data, **extra}, contestant=contestant or media.world.jokowi, now=now
    )


def item(media, *, outlet=None, title="Jokowi naik bajaj ke KPU", tones=((None, 1),), **extra):
    """A coverage item; ``tones`` is ((contestant or None for Jokowi, tone), …)."""
    mentions = [{"contestant_id": (c or media.world.jokowi).pk, "tone": t} for c, t in tones]
    data = {
        "outlet_id": (outlet or media.kompas).pk,
        "published_on": DAY,
        "title": title,
        "mentions": mentions,
        **extra,
    }
    return actions.record_coverage(data)


def test_an_audience_figure_needs_its_basis(world):
    # when an outlet is saved with an audience figure but no basis
    with pytest.raises(ValidationError) as err:
        actions.save_outlet({"name": "RCTI", "kind": "tv", "reach": "national", "audience": 9})
    # then the basis is named as missing
    assert "audience_basis" in err.value.message_dict


def test_a_contact_needs_consent_and_the_audit_keeps_no_name(media):
    # when a contact is added without consent
    with pytest.raises(ValidationError) as err:
        contact(media, consent=False)
    assert "consent" in err.value.message_dict
    # when added with consent and a phone number in local form
    c = contact(media, phone="0812-3456-7890", email="rina@example.com")
    # then the number is kept in E.164, shown masked, and the audit names no person
    assert c.phone_e164 == "+6281234567890"
    assert c.phone_masked == "+62812*****890"
    assert c.email_masked == "r***@example.com"
    entry = AuditEntry.objects.get(action="add_media_contact")
    assert "Rina" not in str(entry.after) and "6281" not in str(entry.after)


def test_a_meeting_writes_one_air_touchpoint(media):
    # given two contacts at a TV station and a newspaper
    a, b = contact(media), contact(media, name="Tono Contoh", outlet_id=media.kompas.pk)
    # when the media centre logs a meeting with both
    meeting = actions.log_meeting(
        {
            "held_on": DAY,
            "contact_ids": [a.pk, b.pk],
            "agenda": ["personal", "expectations"],
            "expectations": "Gubernur yang mudah ditemui",
            "follow_ups": [{"text": "Kirim data banjir", "due_on": DAY + dt.timedelta(days=3)}],
        },
        contestant=media.world.jokowi,
    )
    # then the meeting, its follow-up and one touchpoint on the air front are stored
    assert meeting.follow_ups.count() == 1
    tp = Touchpoint.objects.get(source=f"media:meeting:{meeting.pk}")
    assert (tp.front, tp.channel, tp.reach, tp.media_type) == ("air", "tv", 2, "owned")


def test_a_meeting_with_another_campaigns_contact_is_refused(media):
    # given a contact of the Foke–Nara campaign
    theirs = contact(media, contestant=media.world.foke)
    # when the Jokowi campaign logs a meeting with them
    with pytest.raises(ValidationError) as err:
        actions.log_meeting(
            {"held_on": DAY, "contact_ids": [theirs.pk], "agenda": ["ideas"]},
            contestant=media.world.jokowi,
        )
    # then it is refused, naming the contacts, and nothing is stored
    assert "contact_ids" in err.value.message_dict
    assert not Meeting.objects.exists() and not Touchpoint.objects.exists()


def test_a_meeting_needs_an_agenda_item(media):
    with pytest.raises(ValidationError) as err:
        actions.log_meeting(
            {"held_on": DAY, "contact_ids": [contact(media).pk], "agenda": []},
            contestant=media.world.jokowi,
        )
    assert "agenda" in err.value.message_dict


def test_coverage_is_stored_once_and_becomes_touchpoints(media):
    w = media.world
    # when an item naming both pairs is logged twice, the second time from its AMP URL
    first, outcome = item(
        media, url="https://kompas.com/a/1?utm_source=x", tones=((None, 1), (w.foke, -1))
    )
    again, outcome_again = item(
        media, url="https://www.kompas.com/a/1/amp", tones=((None, 1), (w.foke, -1))
    )
    # then it is one item with two mentions and two earned touchpoints
    assert (outcome, outcome_again, again.pk) == ("created", "unchanged", first.pk)
    assert CoverageItem.objects.count() == 1 and Mention.objects.count() == 2
    tps = {t.contestant_id: t for t in Touchpoint.objects.all()}
    assert tps[w.jokowi.pk].tone == 1.0 and tps[w.foke.pk].tone == -1.0
    assert {t.media_type for t in tps.values()} == {"earned"}
    assert tps[w.jokowi.pk].reach == 500_000 and tps[w.jokowi.pk].reach_basis == "uji"


def test_a_paid_items_cost_goes_to_the_first_pair_and_a_local_item_to_its_area(media):
    w = media.world
    # when a paid advertorial in a local paper names two pairs
    item(
        media,
        outlet=media.warta,
        paid=True,
        cost_idr=5_000_000,
        kind="advertorial",
        tones=((None, 1), (w.foke, 0)),
    )
    # then the first pair carries the cost, both are paid, and the area is the paper's
    tps = {t.contestant_id: t for t in Touchpoint.objects.all()}
    assert tps[w.jokowi.pk].cost_idr == 5_000_000 and tps[w.foke.pk].cost_idr == 0
    assert {t.media_type for t in tps.values()} == {"paid"}
    assert {t.area_code for t in tps.values()} == {"31.75"}


def test_cost_without_payment_is_refused(media):
    with pytest.raises(ValidationError) as err:
        item(media, cost_idr=1000)
    assert "cost_idr" in err.value.message_dict


def test_a_persons_tone_replaces_the_models_and_survives_reimport(media, officer):
    # given an item whose tone the model guessed as neutral
    it, _ = item(media, tones=((None, 0),))
    Mention.objects.update(model_tone=0)
    mention = it.mentions.get()
    # when a media officer corrects it to positive, and the file is imported again
    actions.correct_tone(mention, 1, by=officer)
    item(media, tones=((None, 0),))
    # then the correction stands beside the model's guess, in the ledger too
    mention.refresh_from_db()
    assert (mention.tone, mention.model_tone, mention.corrected_by) == (1, 0, officer)
    assert Touchpoint.objects.get().tone == 1.0


@pytest.mark.slow
def test_without_a_tone_the_shared_sentiment_model_guesses(media):
    # when an item is logged without a tone
    it, _ = item(media, title="Warga kecewa, banjir tidak juga diatasi", tones=((None, None),))
    # then the model's guess is stored as the tone and kept as the model's
    m = it.mentions.get()
    assert m.model_tone is not None and m.tone == m.model_tone
