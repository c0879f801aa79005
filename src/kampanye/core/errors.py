"""The pages a user meets when something goes wrong (403, 404, 500): in the active language,
in the app's own frame, with the way back. ``urls.py`` names them as Django's handlers."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

_PAGES = {
    403: (
        _("Anda tidak berhak membuka halaman ini"),
        _(
            "Halaman ini untuk peran atau wilayah lain. Bila Anda memerlukannya, mintalah "
            "manajer kampanye mengubah peran Anda."
        ),
    ),
    404: (
        _("Halaman tidak ditemukan"),
        _(
            "Alamat ini tidak ada, atau datanya sudah dihapus. Periksa alamatnya, atau mulai "
            "lagi dari beranda."
        ),
    ),
    500: (
        _("Terjadi galat di server"),
        _(
            "Permintaan Anda tidak dapat diselesaikan dan tidak ada yang tersimpan setengah "
            "jalan. Coba lagi sebentar lagi; bila terulang, beri tahu pengelola aplikasi."
        ),
    ),
}


def _error_page(request, status: int):
    title, text = _PAGES[status]
    context = {"error_status": status, "error_title": title, "error_text": text}
    return render(request, "core/error.html", context, status=status)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # the context processors read the database, which may be what failed: no navigation
    try:
        return _error_page(request, 500)
    except Exception:
        from django.views.defaults import server_error as plain

        return plain(request)
