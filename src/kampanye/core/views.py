from pathlib import Path

import plotly
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@login_required
def home(request):
    return render(request, "core/home.html", {})


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 30)
def plotly_js(request):
    """plotly.js from the installed plotly package: no CDN, works offline."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript")
