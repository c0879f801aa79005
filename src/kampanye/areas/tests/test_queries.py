import datetime as dt

import pytest

from kampanye.areas.models import Segment, SegmentSize
from kampanye.areas.queries import area_children, area_detail, segment_list


@pytest.mark.django_db
def test_tree_shows_latest_dpt_with_version_and_date(wilayah, make_user):
    # given a manager (no area limit)
    user = make_user("manager")
    # when the root and the province's children are read
    root = area_children(user)
    kota = {r.area.code: r for r in area_children(user, "31")}
    # then the province carries the final round-1 DPT, Jakarta Timur the 2 June 2012 list
    assert [r.area.code for r in root] == ["31"]
    assert root[0].dpt.voters == 6_962_348 and root[0].dpt.as_of == dt.date(2012, 7, 9)
    assert sorted(kota) == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
    assert kota["31.75"].dpt.voters == 1_996_745
    assert kota["31.75"].dpt.version == "DPT 2 Juni 2012"
    assert kota["31.75"].children == 10  # kecamatan of Jakarta Timur


@pytest.mark.django_db
def test_coordinator_sees_the_way_down_and_own_area_only(wilayah, make_user):
    # given a coordinator of Jakarta Timur
    user = make_user("coordinator", "31.75")
    # when browsing from the top
    root = area_children(user)
    kota = area_children(user, "31")
    # then the province is a way down without figures, and only 31.75 is listed under it
    assert root[0].area.code == "31" and root[0].dpt is None and not root[0].in_scope
    assert [r.area.code for r in kota] == ["31.75"]
    assert kota[0].dpt.voters == 1_996_745
    # and Jakarta Barat cannot be opened, the province shows no DPT
    assert area_detail(user, "31.73") is None
    assert area_children(user, "31.73") == []
    province = area_detail(user, "31")
    assert province.dpt_counts == [] and not province.in_scope
    assert [c.area.code for c in province.children] == ["31.75"]


@pytest.mark.django_db
def test_area_detail_path_and_local_levels(wilayah, make_user):
    d = area_detail(make_user("manager"), "31.74.04.1002")
    assert [a.code for a in d.path] == ["31", "31.74", "31.74.04"]
    assert [lv for lv, _ in d.local_levels] == [5, 7]  # RW and TPS under a kelurahan
    assert area_detail(make_user("manager", username="m2"), "31.74").local_levels == []


@pytest.mark.django_db
def test_segment_sizes_with_numerator_and_denominator(wilayah, make_user):
    # given an estimated segment size in Jakarta Timur and one in Jakarta Barat
    seg = Segment.objects.get(slug="pedagang-pasar-tradisional")
    for code, people in [("31.75", 50_000), ("31.73", 40_000)]:
        SegmentSize.objects.create(
            segment=seg,
            area_id=_pk(code),
            people=people,
            of_people=1_996_745,
            as_of=dt.date(2012, 6, 2),
            source="uji",
        )
    coordinator = make_user("coordinator", "31.75")
    # when read
    sizes = area_detail(coordinator, "31.75").segment_sizes
    rows = {r.segment.slug: r for r in segment_list(coordinator)}
    # then the share is computed from both numbers, and only the in-scope size counts
    assert sizes[0].people == 50_000 and round(sizes[0].share_pct, 2) == 2.50
    assert rows["pedagang-pasar-tradisional"].sized_areas == 1
    assert len(rows) == 5


def _pk(code):
    from kampanye.areas.models import Area

    return Area.objects.get(code=code).pk
