"""Reflex configuration. The app's own settings live in ebok_app/settings.py."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from ebok_app.deployment import redis_url, trusted_proxy_hops
from ebok_app.theme import radix_theme

config = rx.Config(
    app_name="ebok_app",
    telemetry_enabled=False,
    redis_url=redis_url(os.environ),  # None: Reflex's own on-disk state (make run); set: shared by workers
    show_built_with_reflex=False,
    trusted_proxy_hops=trusted_proxy_hops(
        os.environ
    ),  # Reflex takes the socket's client IP from X-Forwarded-For
    cors_allowed_origins=[
        origin.strip()
        for origin in os.environ.get(
            "EBOK_ALLOWED_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000"
        ).split(",")
        if origin.strip()
    ],
    plugins=[rx.plugins.RadixThemesPlugin(theme=radix_theme())],
    disable_plugins=[SitemapPlugin],
)
