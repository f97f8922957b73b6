"""The PDF's URL fetcher: only the app's static and media files, whatever tricks the path plays."""

import pytest

from dossiers.rendering.url_fetcher import BASE_URL, AppFilesFetcher


@pytest.mark.parametrize("url", [
    f"{BASE_URL}static//etc/passwd",
    f"{BASE_URL}static/%2Fetc%2Fpasswd",
    f"{BASE_URL}static/css/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    f"{BASE_URL}media//etc/passwd",
    f"{BASE_URL}media/../../etc/passwd",
    "https://atmp-advisor.invalid.example.com/static/css/print.css",
    "data:text/css,body{}",
])
def test_it_refuses_paths_that_escape_static_and_media(url):
    fetcher = AppFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url] and fetcher.served == []


def test_it_refuses_a_path_outside_static_root_when_the_finders_do_not_know_it(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_DIRS = []
    settings.STATICFILES_FINDERS = []
    fetcher = AppFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(f"{BASE_URL}static//etc/passwd")
    (tmp_path / "print.css").write_text("body { color: black }")
    assert fetcher.fetch(f"{BASE_URL}static/print.css").read() == b"body { color: black }"


def test_it_serves_web_fonts_decoded_so_weasyprint_does_not_restamp_them():
    fetcher = AppFilesFetcher()
    url = f"{BASE_URL}static/vendor/fonts/source-sans-3-latin-400-normal.woff"
    first, second = fetcher.fetch(url).read(), fetcher.fetch(url).read()
    assert first == second and first[:4] in (b"\x00\x01\x00\x00", b"OTTO")  # a plain sfnt, not wOFF
