"""Reflex configuration. The app's own settings live in ebok_app/settings.py (read here too)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from ebok_app.settings import get_settings
from ebok_app.theme import radix_theme

settings = get_settings()
config = rx.Config(
    app_name="ebok_app",
    telemetry_enabled=False,
    redis_url=settings.redis_url or None,  # None: Reflex's on-disk state (make run); set: shared
    show_built_with_reflex=False,
    trusted_proxy_hops=settings.trusted_proxy_hops,  # the socket's client IP from X-Forwarded-For
    cors_allowed_origins=settings.allowed_origins,
    plugins=[rx.plugins.RadixThemesPlugin(theme=radix_theme())],
    disable_plugins=[SitemapPlugin],
)
