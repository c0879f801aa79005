"""Static files that come from installed Python packages (plotly.js, Leaflet): found where the
package is installed, never copied into this repository, never fetched from a CDN. They are
collected, compressed and given hashed names like the project's own files."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

# URL prefix -> (package, folder in it, the files there that pages use)
PACKAGE_FILES = {
    "vendor/plotly": ("plotly", "package_data", ("plotly.min.js",)),
    "vendor/leaflet": (
        "leaflet",
        "static/leaflet",
        (
            "leaflet.js",
            "leaflet.css",
            *(f"images/{n}.png" for n in ("layers", "layers-2x", "marker-icon")),
        ),
    ),
}


def package_folder(package: str) -> Path:
    """The folder of an installed package, found without importing it (plotly imports slowly)."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise LookupError(f"package {package!r} is not installed")
    return Path(spec.origin).parent


def _storages() -> list[tuple[str, FileSystemStorage, tuple[str, ...]]]:
    out = []
    for prefix, (package, folder, files) in PACKAGE_FILES.items():
        storage = FileSystemStorage(location=package_folder(package) / folder)
        storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic, WhiteNoise
        out.append((prefix, storage, files))
    return out


class PackageFilesFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        found = []
        for prefix, storage, files in _storages():
            name = path.removeprefix(prefix + "/")
            if name != path and name in files:
                match = storage.path(name)
                if not find_all:
                    return match
                found.append(match)
        return found

    def list(self, ignore_patterns):
        for _prefix, storage, files in _storages():
            for name in files:
                yield name, storage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files after ``collectstatic`` (``kampanye serve`` runs it), cached by
    browsers for a year; before it (tests, ``runserver``) the plain names the finders serve."""

    manifest_strict = False
    # CSS url()s only: Leaflet's and plotly's builds name source maps their packages leave out
    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] == "*.css")

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # not collected yet
            return name
