import pytest


@pytest.fixture
def survey(wilayah):
    """A Jakarta 2012 survey with the demographics, vote intention and issues blocks."""
    from kampanye.intel.actions import create_survey
    from kampanye.intel.schemas import SurveyIn

    return create_survey(
        SurveyIn(
            slug="maret-2012",
            title="Survei Maret 2012",
            election="jakarta-2012",
            blocks=["demographics", "vote_intention", "issues"],
        )
    )


def kobo_csv(rows: list[dict[str, str]]) -> bytes:
    """A KoboToolbox-style CSV export (group paths, _uuid, _submission_time)."""
    headers = list(rows[0])
    lines = [",".join(headers)] + [",".join(r[h] for h in headers) for r in rows]
    return ("\n".join(lines) + "\n").encode()
