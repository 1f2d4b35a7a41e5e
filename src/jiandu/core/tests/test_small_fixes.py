"""Small things staff stumbled over (issue 15 item 12): the 403 page says its sentence
once; warnings are dark enough to read (WCAG AA, 4.5:1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

CSS = Path(__file__).resolve().parents[2] / "static" / "jiandu" / "app.css"


@pytest.mark.django_db
def test_the_403_page_says_its_sentence_once(client_for, county):
    html = client_for(county.users["petition"]).get(reverse("audit:event_list"))
    assert html.status_code == 403
    text = html.content.decode()
    assert text.count("您的角色无权访问此页面") == 1
    assert "请联系本单位负责人或系统管理员" in text


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def test_warning_text_reaches_wcag_aa_on_its_cream_background():
    """Tabler's warning (#f59f00) mixed into white makes the cream background of an
    alert (16 %) and of a badge (10 %); the text colour app.css gives them must reach
    4.5:1 on a background even darker than those (25 %)."""
    css = CSS.read_text(encoding="utf-8")
    alert = re.search(r"\.alert-warning \{ --tblr-alert-color: (#[0-9a-f]{6}); \}", css)
    badge = re.search(r"\.badge-provisional \{[^}]*color: (#[0-9a-f]{6})", css)
    assert alert and badge
    warning, white = _hex("#f59f00"), (255.0, 255.0, 255.0)
    cream = tuple(0.25 * w + 0.75 * c for w, c in zip(warning, white, strict=True))
    for colour in (alert.group(1), badge.group(1)):
        assert contrast(_hex(colour), cream) >= 4.5, colour  # type: ignore[arg-type]
    # Tabler's own orange on that cream would not (what the portal showed before).
    assert contrast(warning, cream) < 4.5  # type: ignore[arg-type]


def test_workers_warm_up_jieba_and_the_duplicate_index_at_start(monkeypatch):
    """gunicorn runs the registered loaders in each worker after it loaded the app
    (``post_worker_init``), telling the master it is alive after each; a loader that
    fails is skipped, never stopping the worker."""
    from jiandu.core import gunicorn_conf, warmup

    assert {"jieba", "duplicate index", "name register"} <= set(warmup.loaders())
    calls: list[str] = []

    class Worker:
        def notify(self) -> None:
            calls.append("notify")

    monkeypatch.setattr("django.db.close_old_connections", lambda: calls.append("closed"))
    saved = list(warmup._LOADERS)
    try:
        warmup._LOADERS[:] = [("ok", lambda: calls.append("ok")), ("bad", lambda: 1 / 0)]
        gunicorn_conf.post_worker_init(Worker())
    finally:
        warmup._LOADERS[:] = saved
    assert calls == ["ok", "notify", "closed"]
