import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kampanye.core.models import AuditEntry
from kampanye.volunteers.actions import (
    CONSENT_VERSION,
    SignUpIn,
    create_posko,
    create_team,
    mask_nik,
    sign_up_volunteer,
    withdraw_consent,
)
from kampanye.volunteers.models import Consent, TeamLevel, Volunteer

NOW = dt.datetime(2012, 5, 1, 3, 0, tzinfo=dt.UTC)


def signup(world, **kw):
    base = dict(
        contestant_id=world.jokowi.pk,
        name="  Siti   Contoh ",
        phone="0812-3456-7890",
        consent=True,
        home_area_code="31.75.01.1001",
    )
    base.update(kw)
    return SignUpIn(**base)


def test_sign_up_normalises_phone_masks_nik_and_records_consent(world):
    # given a sign-up with a full NIK and a local phone number
    data = signup(world, nik="3174044101900001")
    # when
    v = sign_up_volunteer(data, now=NOW)
    # then only the mask is kept, the phone is E.164 and consent has purpose and date
    v.refresh_from_db()
    assert v.nik_masked == "3174********0001"
    assert v.phone_e164 == "+6281234567890"
    assert v.name == "Siti Contoh"
    assert len(v.referral_code) == 8
    consent = Consent.objects.get(volunteer=v)
    assert consent.given_at == NOW
    assert consent.text_version == CONSENT_VERSION
    assert consent.purpose
    assert "3174044101900001" not in str(Volunteer.objects.filter(pk=v.pk).values().get())


def test_audit_entry_of_sign_up_holds_no_personal_data(world):
    # when
    v = sign_up_volunteer(signup(world, nik="3174044101900001", email="s@contoh.id"))
    # then
    entry = AuditEntry.objects.get(action="sign_up_volunteer", object_id=str(v.pk))
    text = str(entry.after)
    assert "Siti" not in text and "+62812" not in text and "3174" not in text
    assert "s@contoh.id" not in text


def test_sign_up_without_consent_is_refused_with_field_error(world):
    with pytest.raises(ValidationError) as err:
        sign_up_volunteer(signup(world, consent=False))
    assert "consent" in err.value.message_dict
    assert Volunteer.objects.count() == 0


def test_bad_nik_phone_and_area_are_named_per_field(world):
    with pytest.raises(ValidationError) as err:
        sign_up_volunteer(
            signup(world, nik="123", phone="abc", home_area_code="99.99", skills=["juggling"])
        )
    fields = set(err.value.message_dict)
    assert {"nik", "phone", "home_area_code", "skills"} <= fields
    assert "16 digit" in err.value.message_dict["nik"][0]


def test_same_phone_twice_is_refused(world):
    sign_up_volunteer(signup(world))
    with pytest.raises(ValidationError) as err:
        sign_up_volunteer(signup(world, name="Orang Lain", phone="+62 812 3456 7890"))
    assert "phone" in err.value.message_dict


def test_referral_code_links_recruit_to_recruiter(world):
    # given
    first = sign_up_volunteer(signup(world))
    # when a friend signs up with the first volunteer's code (lower case)
    second = sign_up_volunteer(
        signup(world, name="Teman", phone="081299998888", referral_code=first.referral_code.lower())
    )
    # then
    assert second.recruited_by == first
    assert list(first.recruits.all()) == [second]


def test_unknown_referral_code_is_refused(world):
    with pytest.raises(ValidationError) as err:
        sign_up_volunteer(signup(world, referral_code="NOPE1234"))
    assert "referral_code" in err.value.message_dict


def test_withdraw_consent_marks_open_consents(world):
    v = sign_up_volunteer(signup(world))
    assert withdraw_consent(v, now=NOW) == 1
    assert Consent.objects.get(volunteer=v).withdrawn_at == NOW
    assert withdraw_consent(v, now=NOW) == 0


def test_team_chain_must_follow_levels_and_areas(world):
    # given a korwil for Jakarta Timur
    korwil = create_team(
        contestant=world.jokowi, name="Jaktim", level=TeamLevel.KORWIL, area=world.jaktim
    )
    # when a korcam for Matraman is placed under it
    korcam = create_team(
        contestant=world.jokowi,
        name="Matraman",
        level=TeamLevel.KORCAM,
        area=world.matraman,
        parent=korwil,
    )
    # then
    assert korcam.parent == korwil
    # a kordes directly under a korwil is refused
    with pytest.raises(ValidationError) as err:
        create_team(
            contestant=world.jokowi,
            name="KM",
            level=TeamLevel.KORDES,
            area=world.kayu_manis,
            parent=korwil,
        )
    assert "parent" in err.value.message_dict
    # a korcam outside its korwil's area is refused
    with pytest.raises(ValidationError) as err:
        create_team(
            contestant=world.jokowi,
            name="Penjaringan",
            level=TeamLevel.KORCAM,
            area=world.penjaringan,
            parent=korwil,
        )
    assert "area" in err.value.message_dict


def test_posko_hours_must_be_in_order(world):
    with pytest.raises(ValidationError):
        create_posko(
            contestant=world.jokowi,
            name="Posko",
            area=world.kayu_manis,
            address="Jl. Contoh 1",
            opens_at=dt.time(18),
            closes_at=dt.time(9),
        )
    p = create_posko(
        contestant=world.jokowi,
        name="Posko",
        area=world.kayu_manis,
        address="Jl. Contoh 1",
        opens_at=dt.time(9),
        closes_at=dt.time(21),
    )
    assert p.pk


@given(st.text(max_size=20))
def test_mask_nik_never_returns_more_than_eight_digits(raw):
    # property: whatever comes in, the result is refused or shows at most 8 of 16 digits
    try:
        masked = mask_nik(raw)
    except ValidationError:
        return
    assert len(masked) == 16
    assert sum(ch.isdigit() for ch in masked) == 8
    assert masked[4:12] == "********"
