"""The eBOK Reflex app: pages, their routes and titles, and the start-up tasks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import reflex as rx
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from reflex.event import EventSpec
from reflex.utils.prerequisites import get_states_dir
from sqlalchemy.exc import DBAPIError

from ebok_app import api, db, routes, theme
from ebok_app.components.connection import overlay
from ebok_app.contact import attachments
from ebok_app.deployment import make_private
from ebok_app.middleware import security_headers, upload_limit
from ebok_app.notifications.job import run_cycle, run_periodically
from ebok_app.pages import accessibility, not_found
from ebok_app.pages.audit_log import audit_log_page
from ebok_app.pages.client_requests import client_requests_page
from ebok_app.pages.company_users import company_users_page
from ebok_app.pages.contact import contact_page
from ebok_app.pages.contract import contract_page
from ebok_app.pages.contracts import contracts_page
from ebok_app.pages.dashboard import dashboard_page
from ebok_app.pages.demo_inbox import demo_inbox_page
from ebok_app.pages.demo_token import demo_token_page
from ebok_app.pages.forecast import forecast_page
from ebok_app.pages.help import help_page, terms_accept_page, terms_page
from ebok_app.pages.installments import installments_page
from ebok_app.pages.insurance import insurance_page
from ebok_app.pages.invoices import invoices_page
from ebok_app.pages.login import login_page
from ebok_app.pages.notifications import notifications_page
from ebok_app.pages.profile import profile_page
from ebok_app.pages.staff_activation import staff_activation_page
from ebok_app.pages.staff_audit import staff_audit_page, staff_failed_sms_page
from ebok_app.pages.staff_clients import staff_clients_page
from ebok_app.pages.staff_login import staff_login_page
from ebok_app.pages.staff_messages import staff_messages_page
from ebok_app.pages.staff_requests import staff_requests_page
from ebok_app.settings import get_settings
from ebok_app.socket_sessions import watch_sockets
from ebok_app.state.activation import ActivationState
from ebok_app.state.audit_log import AuditLogState
from ebok_app.state.auth import AuthState
from ebok_app.state.buyout_quote import BuyoutQuoteState
from ebok_app.state.client_requests import RequestsState
from ebok_app.state.company_users import CompanyUsersState
from ebok_app.state.contact import ContactState
from ebok_app.state.contract import ContractState
from ebok_app.state.contracts import ContractsState
from ebok_app.state.dashboard import DashboardState
from ebok_app.state.demo_inbox import DemoInboxState
from ebok_app.state.demo_token import DemoTokenState
from ebok_app.state.forecast import ForecastState
from ebok_app.state.helpdesk import HelpdeskState
from ebok_app.state.installments import InstallmentsState
from ebok_app.state.insurance import InsuranceState
from ebok_app.state.invoices import InvoicesState
from ebok_app.state.login import LoginState
from ebok_app.state.my_data import MyDataState
from ebok_app.state.notifications import NotificationsState
from ebok_app.state.payments import PaymentState
from ebok_app.state.profile import ProfileState
from ebok_app.state.staff_audit import FailedSmsState, StaffAuditState
from ebok_app.state.staff_auth import StaffAuthState
from ebok_app.state.staff_messages import StaffMessagesState
from ebok_app.state.staff_requests import StaffRequestsState
from ebok_app.state.terms import TermsState

log = logging.getLogger(__name__)
OUTAGE_PL = "Chwilowy problem z połączeniem po stronie serwera. Nic nie zostało utracone: spróbuj za chwilę."
FAILURE_PL = (
    "Nie udało się wykonać operacji. Spróbuj ponownie; jeśli problem wróci, zadzwoń do HelpDesku: {phone}."
)


def _title(route: str) -> str:
    return f"{routes.section(route).label} · eBOK"


def _event_threads() -> None:
    """The threads the events' blocking work runs in (`asyncio.to_thread`: the database, a portfolio that
    a download waits for, PDFs): asyncio's default, cores + 4, let a few slow events (an export waiting for
    a cold build) queue every other user's events behind them."""
    loop = asyncio.get_running_loop()
    threads = get_settings().event_threads
    loop.set_default_executor(ThreadPoolExecutor(max_workers=threads, thread_name_prefix="events"))


@contextlib.asynccontextmanager
async def _upgraded_schema() -> AsyncIterator[None]:
    """Start-up: the database schema is brought up to date before the backend serves; then the
    notification job runs in the background for as long as the backend does."""
    _event_threads()
    await asyncio.to_thread(db.upgrade)
    job = asyncio.create_task(run_periodically(get_settings().notify_interval_s, _notify_now))
    try:
        yield
    finally:
        job.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await job


def _notify_now() -> None:
    run_cycle(db.get_engine(), get_settings(), today=date.today(), now=datetime.now(UTC))


def _backend_error(exception: Exception) -> EventSpec:  # the name Reflex evaluates: EventSpec
    """An event that failed (Redis or PostgreSQL away for a moment, a bug): the stack trace goes to the log,
    the user gets a Polish message instead of Reflex's English one; the next click works once it is back."""
    log.error("event failed", exc_info=exception)
    outage = isinstance(
        exception, RedisConnectionError | RedisTimeoutError | DBAPIError | ConnectionError | TimeoutError
    )
    message = OUTAGE_PL if outage else FAILURE_PL.format(phone=get_settings().helpdesk_phone)
    return rx.toast.error(message, id="backend_error", position="top-center", duration=10_000)


app = rx.App(
    style=theme.STYLE,
    backend_exception_handler=_backend_error,
    head_components=[
        rx.el.meta(name="theme-color", content=theme.NAVY),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.style(theme.radix_overrides_css()),
        rx.script(src="/ebok.js"),
    ],
    html_lang="pl",
    # the last wraps the others: the headers go on every answer (downloads, the upload limit's own...)
    api_transformer=[
        api.http_app,
        upload_limit(attachments.MAX_REQUEST_BYTES),
        security_headers(get_settings().trusted_proxy_hops),
    ],
)
app.app_wraps[(5, "Overlay")] = overlay  # the connection notice in Polish instead of Reflex's toast
app.register_lifespan_task(_upgraded_schema)
make_private(get_states_dir())  # the tab states on disk (no Redis): readable by this user only
watch_sockets(get_settings().trusted_proxy_hops)  # sessions end with their tab's socket (socket_sessions.py)

PROTECTED: dict[str, Callable[[], rx.Component]] = {
    routes.DASHBOARD: dashboard_page,
    routes.PROFILE: profile_page,
    routes.COMPANY_USERS: company_users_page,
    routes.AUDIT_LOG: audit_log_page,
    routes.CONTRACTS: contracts_page,
    routes.INVOICES: invoices_page,
    routes.INSTALLMENTS: installments_page,
    routes.INSURANCE: insurance_page,
    routes.FORECAST: forecast_page,
    routes.NOTIFICATIONS: notifications_page,
    routes.CONTACT: contact_page,
    routes.REQUESTS: client_requests_page,
}
PAGE_LOADERS: dict[str, list] = {
    routes.DASHBOARD: [DashboardState.load],
    routes.PROFILE: [ProfileState.load, MyDataState.load],
    routes.COMPANY_USERS: [CompanyUsersState.load],
    routes.AUDIT_LOG: [AuditLogState.load],
    routes.CONTRACTS: [ContractsState.load],
    routes.INVOICES: [InvoicesState.load, PaymentState.load],
    routes.INSTALLMENTS: [InstallmentsState.load],
    routes.INSURANCE: [InsuranceState.load],
    routes.FORECAST: [ForecastState.load],
    routes.NOTIFICATIONS: [NotificationsState.load],
    routes.CONTACT: [ContactState.load],
    routes.REQUESTS: [RequestsState.load],
}

for _route, _page in PROTECTED.items():
    app.add_page(
        _page,
        route=_route,
        title=_title(_route),
        on_load=[AuthState.require_login, *PAGE_LOADERS.get(_route, [])],
    )
app.add_page(
    contract_page,
    route=routes.CONTRACT,
    title="Umowa · eBOK",
    on_load=[AuthState.require_login, ContractState.load, BuyoutQuoteState.load],
)
app.add_page(not_found.not_found_page, route="404", title=not_found.TITLE)
app.add_page(accessibility.accessibility_page, route=routes.ACCESSIBILITY, title=accessibility.TITLE)
app.add_page(login_page, route=routes.LOGIN, title="Logowanie · eBOK", on_load=LoginState.open_page)
app.add_page(help_page, route=routes.HELP, title="Pomoc · eBOK")
app.add_page(terms_page, route=routes.TERMS, title="Regulamin · eBOK")
app.add_page(
    terms_accept_page,
    route=routes.TERMS_ACCEPT,
    title="Akceptacja regulaminu · eBOK",
    on_load=TermsState.open_page,
)
app.add_page(
    demo_inbox_page, route=routes.DEMO_SMS, title="Skrzynka SMS (demo) · eBOK", on_load=DemoInboxState.load
)
app.add_page(
    demo_token_page,
    route=routes.DEMO_TOKEN,
    title="Emulator tokena (demo) · eBOK",
    on_load=DemoTokenState.load,
)

app.add_page(
    staff_login_page,
    route=routes.STAFF_LOGIN,
    title="Logowanie pracownika · eBOK",
    on_load=StaffAuthState.open_login_page,
)
STAFF_PAGES: dict[str, tuple[Callable[[], rx.Component], list]] = {
    routes.STAFF_CLIENTS: (staff_clients_page, [HelpdeskState.load]),
    routes.STAFF_ACTIVATION: (staff_activation_page, [ActivationState.load]),
    routes.STAFF_MESSAGES: (staff_messages_page, [StaffMessagesState.load]),
    routes.STAFF_REQUESTS: (staff_requests_page, [StaffRequestsState.load]),
    routes.STAFF_AUDIT: (staff_audit_page, [StaffAuditState.load]),
    routes.STAFF_FAILED_SMS: (staff_failed_sms_page, [FailedSmsState.load]),
}
for _route, (_page, _loaders) in STAFF_PAGES.items():
    app.add_page(
        _page,
        route=_route,
        title=f"{routes.section(_route).label} · Obsługa · eBOK",
        on_load=[StaffAuthState.require_staff, *_loaders],
    )
