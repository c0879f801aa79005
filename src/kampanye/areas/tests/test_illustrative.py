from kampanye.areas.illustrative import SOURCE, build_illustrative_segment_sizes
from kampanye.areas.models import SegmentSize


def test_segment_sizes_are_labelled_shares_of_the_wilayah_dpt_and_idempotent(wilayah):
    # when the demo builds segment sizes twice
    first = build_illustrative_segment_sizes()
    second = build_illustrative_segment_sizes()
    # then four voter segments × six wilayah exist once, as numerator over the DPT
    assert (first, second) == (24, 0)
    timur = SegmentSize.objects.get(area__code="31.75", segment__slug="kelas-menengah-kota")
    assert (timur.people, timur.of_people) == (1_996_745 * 330 // 1000, 1_996_745)
    assert timur.estimated and timur.source == SOURCE
    assert not SegmentSize.objects.filter(segment__slug="redaktur-produser-media").exists()
