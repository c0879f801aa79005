"""What every app's JSON API shares: error bodies, the permission check, field types.

Apps mount their own ``api.router`` (see ``kampanye.urls``); the foundation has none.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator

from kampanye.core.rules import require

NO_NUL = r"^[^\x00]*$"
CODE = r"^[0-9A-Za-z.]{1,40}$"
MAX_INT = 2_147_483_647  # the largest integer every supported database column holds


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    """422: ``detail`` is a sentence or the validator's list; ``errors`` names each field."""

    detail: str | list[dict[str, Any]]
    errors: dict[str, str] = {}


ERRORS = {401: ErrorOut, 403: ErrorOut, 422: FieldErrorsOut}


def allow(request, name: str) -> None:
    """``require`` for the API: a 403 with a JSON body instead of Django's error page."""
    try:
        require(request, name)
    except PermissionDenied:
        raise HttpError(403, _("Anda tidak berhak melakukan ini.")) from None


def unprocessable(errors: dict[str, Any]):
    """422 naming each field; ``errors`` maps a field to a message or a list of them
    (``ValidationError.message_dict``)."""
    errors = {k: " ".join(v) if isinstance(v, list) else v for k, v in errors.items()}
    return Status(422, {"detail": _("Masukan tidak valid."), "errors": errors})


# ---- field types shared by every app's API ----------------------------------------------
# Text fields: no NUL characters (PostgreSQL refuses them) and codes in their own alphabet.
Text = Annotated[str, AfterValidator(lambda s: s.replace("\x00", ""))]
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Code = Annotated[str, Field(max_length=40, pattern=r"^[0-9A-Za-z._-]*$")]


def field_errors(err: ValidationError, prefix: str = "body") -> NinjaValidationError:
    """A Django ValidationError as a 422 answer naming each field, like ninja's own."""
    return NinjaValidationError(
        [
            {"loc": [prefix, name], "msg": str(msg), "type": "value_error"}
            for name, msgs in err.message_dict.items()
            for msg in msgs
        ]
    )
