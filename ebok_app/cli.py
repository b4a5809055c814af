"""The `ebok` console command: database upgrades and demo data (English output, for operators)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import pyotp
import segno
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from ebok_app import accounts, db, deployment
from ebok_app.accounts import Actor, unlocking
from ebok_app.accounts import staff as staff_rules
from ebok_app.demo.feed import next_feed
from ebok_app.demo.generator import DemoData, generate
from ebok_app.demo.loader import DemoDataExists, ensure_empty, insert_demo, row_count, wipe
from ebok_app.documents import stored_pdfs
from ebok_app.documents.ksef import issued
from ebok_app.ingest import credentials as feed_credentials
from ebok_app.ingest.batch import ingest as ingest_batch
from ebok_app.ingest.reading import format_of
from ebok_app.models import Company, User
from ebok_app.notifications.job import run_cycle
from ebok_app.portfolio.frames import shared_frames
from ebok_app.security import audit, reader, sealing
from ebok_app.settings import SettingsError, get_settings
from ebok_app.sms.outbox import failed_messages, readable_body, recent_messages

app = typer.Typer(help="eBOK: the leasing client portal.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
sms_app = typer.Typer(help="The SMS outbox.", no_args_is_help=True)
users_app = typer.Typer(help="Client users, for the helpdesk.", no_args_is_help=True)
notify_app = typer.Typer(help="SMS notifications about invoices.", no_args_is_help=True)
app.add_typer(sms_app, name="sms")
app.add_typer(users_app, name="users")
app.add_typer(notify_app, name="notify")
staff_app = typer.Typer(help="The lessor's employees (consultants, helpdesk).", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
invoice_app = typer.Typer(help="Invoices: the stored FA(3) XML and the PDF copy.", no_args_is_help=True)
app.add_typer(invoice_app, name="invoice")
token_app = typer.Typer(help="The token with a reader (demo emulator).", no_args_is_help=True)
app.add_typer(token_app, name="token")
secrets_app = typer.Typer(
    help="Secrets sealed at rest (TOTP seeds, undelivered SMS codes).", no_args_is_help=True
)
app.add_typer(secrets_app, name="secrets")
feed_app = typer.Typer(help="The core system's feed (docs/feed.md).", no_args_is_help=True)
credential_app = typer.Typer(help="Credentials of pushes to POST /api/feed.", no_args_is_help=True)
feed_app.add_typer(credential_app, name="credential")
app.add_typer(feed_app, name="feed")

err = Console(stderr=True)
out = Console()

FleetOption = Annotated[
    int | None, typer.Option("--fleet-contracts", min=0, max=50_000, help="Contracts of the fleet company.")
]
SeedOption = Annotated[int | None, typer.Option("--seed", help="Random seed (default: EBOK_DEMO_SEED).")]
TodayOption = Annotated[str | None, typer.Option("--today", help="Build the data as seen on YYYY-MM-DD.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the demo log-in data as JSON.")]


@app.callback()
def _settings_checked() -> None:
    """Every command starts from well-formed settings: a malformed one is named, with exit code 2."""
    try:
        get_settings()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] invalid settings: {exc}", highlight=False)
        raise typer.Exit(code=2) from None


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=1)


def _day(today: str | None) -> date:
    if today is None:
        return date.today()
    try:
        return date.fromisoformat(today)
    except ValueError:
        _fail(f"--today must be a date as YYYY-MM-DD, got {today!r}")
        raise


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Upgrade the database schema to the newest migration."""
    try:
        db.upgrade()
    except SQLAlchemyError as exc:
        _fail(f"cannot upgrade the database: {exc.__class__.__name__}: {exc.orig or exc}")
    err.print("database schema is up to date")


@app.command("serve")
def serve(
    prod: Annotated[
        bool, typer.Option("--prod", help="Production: checked settings, several workers.")
    ] = False,
    host: Annotated[
        str, typer.Option(help="The address to listen on (0.0.0.0: every interface, e.g. in a container).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The one port of pages and socket.")] = 3000,
) -> None:
    """Serve the portal. With --prod: refuse demo defaults, migrate once, build the front end and serve it
    with EBOK_WORKERS backend workers sharing REDIS_URL and DATABASE_URL (see docs/operations.md)."""
    args = ["reflex", "run", "--backend-host", host]
    if prod:
        problems = deployment.production_problems(get_settings())
        if problems:
            for problem in problems:
                err.print(f"[red]refusing to start in production:[/red] {problem}", highlight=False)
            raise typer.Exit(code=2)
        args += ["--env", "prod", "--single-port", "--backend-port", str(port)]
    else:
        args += ["--frontend-port", str(port)]
    db_upgrade()
    executable = shutil.which("reflex")
    if executable is None:
        _fail("the `reflex` command is not on PATH (run through `make`)")
    os.execve(executable, args, {**os.environ, **deployment.reflex_environment(get_settings(), prod)})


@demo_app.command("load")
def demo_load(
    fleet_contracts: FleetOption = None,
    seed: SeedOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when data exists.")] = False,
) -> None:
    """Generate the demo companies, users and portfolios and load them into an empty database."""
    settings = get_settings()
    seed = settings.demo_seed if seed is None else seed
    fleet = settings.fleet_contracts if fleet_contracts is None else fleet_contracts
    engine = db.get_engine()
    try:
        ensure_empty(engine)
    except DemoDataExists as exc:
        if not if_empty:
            _fail(str(exc))
        err.print("demo data already loaded; the demo log-in data:")
        _print_credentials(generate(seed, _day(today), fleet_contracts=0), as_json)
        return
    with err.status("generating the demo portfolio..."):
        data = generate(seed, _day(today), fleet)
    with Progress(
        TextColumn("loading {task.fields[table]:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=not err.is_terminal,
    ) as bar:
        task = bar.add_task("load", total=row_count(data), table="")
        insert_demo(
            engine, data, settings.password_pepper, lambda table, n: bar.update(task, advance=n, table=table)
        )
    err.print(
        f"loaded {len(data.rows['company'])} companies, {len(data.rows['contract'])} contracts, "
        f"{len(data.rows['scheduleitem'])} schedule items, {len(data.rows['invoice'])} invoices"
    )
    _print_credentials(data, as_json)


@demo_app.command("reset")
def demo_reset(
    fleet_contracts: FleetOption = None,
    seed: SeedOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Delete all data and load the demo again."""
    wipe(db.get_engine())
    shutil.rmtree(shared_frames(db.get_engine()).directory, ignore_errors=True)  # no frames of old data
    err.print("all data deleted")
    demo_load(fleet_contracts=fleet_contracts, seed=seed, today=today, as_json=as_json)


@demo_app.command("feed")
def demo_feed(
    out_path: Annotated[Path, typer.Option("--out", help="The JSON Lines file to write.")] = Path(
        "feed.jsonl"
    ),
    today: TodayOption = None,
    seed: SeedOption = None,
) -> None:
    """Write the demo core system's next run as a feed: new invoices, payments, a policy renewal."""
    settings = get_settings()
    with db.session_scope() as session:
        records = next_feed(session, _day(today), settings.demo_seed if seed is None else seed)
    out_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    kinds = Counter(r["kind"] for r in records)
    err.print(
        f"wrote {len(records)} records to {out_path}: "
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    )
    err.print(f"apply it with: ebok ingest {out_path}")


@app.command("ingest")
def ingest(
    path: Annotated[
        Path, typer.Argument(help="A feed file: .jsonl (JSON Lines) or .csv.", exists=True, dir_okay=False)
    ],
    as_json: JsonOption = False,
    pdfs: Annotated[
        bool, typer.Option("--pdfs/--no-pdfs", help="Render the PDFs of the invoices the batch changed.")
    ] = True,
) -> None:
    """Validate and apply one feed batch (all of it or nothing); prints what changed or every problem;
    then renders and stores the PDF copies of the invoices it created, changed or paid."""
    fmt = format_of(path.name)
    if fmt is None:
        _fail(f"{path.name}: a feed file ends with .jsonl, .ndjson or .csv")
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"{path.name} is not UTF-8 text")
    report = ingest_batch(db.get_engine(), content, fmt, actor="feed:cli", source=path.name)
    if as_json:
        out.print_json(json.dumps(report.as_dict()))
    else:
        for problem in report.problems:
            out.print(str(problem), highlight=False, soft_wrap=True)
        out.print(report.summary(), highlight=False)
    if not report.ok:
        raise typer.Exit(code=1)
    if pdfs and report.invoices:
        settings = get_settings()
        rendered = stored_pdfs.render_stale(
            db.get_engine(), settings.lessor, settings.ksef_qr_url, invoice_ids=report.invoices, workers=2
        )
        err.print(f"{rendered.rendered} invoice PDFs rendered and stored")


@credential_app.command("create")
def feed_credential_create(name: str) -> None:
    """Create a push credential; its secret is printed once (send it as `Authorization: Bearer ...`)."""
    try:
        with db.session_scope() as session:
            secret = feed_credentials.create(session, name, accounts.utcnow())
    except feed_credentials.CredentialError as exc:
        _fail(str(exc))
    out.print(secret, highlight=False)
    err.print(f"feed credential {name} created; the secret above is shown only now")


@credential_app.command("revoke")
def feed_credential_revoke(name: str) -> None:
    """Refuse the credential's pushes from now on."""
    with db.session_scope() as session:
        if not feed_credentials.revoke(session, name, accounts.utcnow()):
            _fail(f"no live feed credential {name!r}")
    err.print(f"feed credential {name} revoked")


@demo_app.command("credentials")
def demo_credentials(seed: SeedOption = None, as_json: JsonOption = False) -> None:
    """Print the demo log-in data of the seed (passwords as loaded; changed ones are not known)."""
    settings = get_settings()
    _print_credentials(generate(settings.demo_seed if seed is None else seed, date.today(), 0), as_json)


@sms_app.command("outbox")
def sms_outbox(limit: Annotated[int, typer.Option(min=1, max=500)] = 20) -> None:
    """Show the newest SMS messages of the outbox (demo mode only: they may hold one-time codes)."""
    if not get_settings().demo_mode:
        _fail("the SMS outbox is shown only in demo mode (EBOK_DEMO=1)")
    with db.session_scope() as session:
        for message in recent_messages(session, limit):
            stamp = f"{message.created_at:%Y-%m-%d %H:%M:%S}"
            out.print(
                f"{stamp}  {message.phone}  [{message.status}]  {readable_body(message)}",
                highlight=False,
                soft_wrap=True,
            )


@sms_app.command("failed")
def sms_failed(limit: Annotated[int, typer.Option(min=1, max=500)] = 50) -> None:
    """Helpdesk: the SMS given up on after their last attempt (who, why; never the text)."""
    with db.session_scope() as session:
        failed = failed_messages(session, limit=limit)
        for message in failed:
            out.print(
                f"{message.created_at:%Y-%m-%d %H:%M}  {message.phone}  {message.purpose}  "
                f"attempts {message.attempts}  {message.last_error or ''}",
                highlight=False,
                soft_wrap=True,
            )
    if not failed:
        err.print("no failed SMS")


@notify_app.command("run")
def notify_run(today: TodayOption = None) -> None:
    """Queue the SMS about new invoices and coming due dates, then deliver every message that is due.

    Safe to run from cron while the app runs its own job: each event is sent once.
    """
    settings = get_settings()
    day = _day(today)
    try:
        report, delivered = run_cycle(db.get_engine(), settings, today=day, now=accounts.utcnow())
    except SQLAlchemyError as exc:
        _fail(f"the database did not answer: {type(exc).__name__}")
    out.print(
        f"{day.isoformat()}: {report.recipients} users with notifications on, {report.notices} new events, "
        f"{report.sms_queued} SMS queued; delivered {delivered.sent}, retrying {delivered.retrying}, "
        f"failed {delivered.failed}, expired codes {delivered.expired}",
        highlight=False,
    )


@users_app.command("unlock")
def users_unlock(
    millekod: str,
    login: str,
    new_password: Annotated[
        bool, typer.Option("--new-password", help="Unlock generating a new password.")
    ] = False,
    operator: Annotated[str, typer.Option(help="The helpdesk employee, for the audit log.")] = "cli",
) -> None:
    """Helpdesk: unlock the current password (more attempts) or unlock generating a new one (SMS)."""
    settings = get_settings()
    actor = Actor(f"helpdesk:{operator}", None, None, None, helpdesk=True)
    with db.session_scope() as session:
        user = session.exec(
            select(User).join(Company).where(Company.millekod == millekod, User.login == login)
        ).first()
        if user is None:
            _fail(f"no user {login!r} in the company with MilleKod {millekod}")
        unlocking.unlock(
            session,
            actor,
            user,
            new_password=new_password,
            max_failures=settings.max_failed_logins,
            now=accounts.utcnow(),
        )
    err.print(
        "unlocked; the temporary password went to the user by SMS"
        if new_password
        else f"unlocked: {settings.max_failed_logins} more attempts with the current password"
    )


@token_app.command("respond")
def token_respond(millekod: str, login: str, challenge: str) -> None:
    """Demo mode: what the user's token with a reader shows for CHALLENGE (the digits under the code)."""
    if not get_settings().demo_mode:
        _fail("the token emulator works in demo mode only (EBOK_DEMO=1)")
    with db.session_scope() as session:
        try:
            answer = reader.emulate(session, millekod, login, challenge)
        except reader.EmulatorRefused as exc:
            _fail(str(exc))
    out.print(answer, highlight=False)


@staff_app.command("add")
def staff_add(
    login: str,
    first_name: Annotated[str, typer.Option("--first-name", help="Given name.")],
    last_name: Annotated[str, typer.Option("--last-name", help="Family name.")],
    right: Annotated[
        list[str] | None, typer.Option("--right", help="activate or helpdesk (repeatable).")
    ] = None,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="The log-in password.")
    ] = "",
) -> None:
    """Add an employee; prints the TOTP enrolment (QR and secret) once, for their authenticator app."""
    with db.session_scope() as session:
        employee, problems = staff_rules.create(
            session, login, first_name, last_name, right or [], password, accounts.utcnow()
        )
        if employee is None:
            _fail("; ".join(problems))
        seed = sealing.open_secret(employee.totp_secret)
        uri = pyotp.TOTP(seed).provisioning_uri(
            name=employee.login, issuer_name=f"{get_settings().brand_name} (obsługa)"
        )
    segno.make(uri).terminal(compact=True)
    out.print(f"employee {employee.login} added; TOTP secret (shown once): {seed}", highlight=False)


@secrets_app.command("rotate")
def secrets_rotate() -> None:
    """Re-seal every TOTP seed (and undelivered SMS secret) under EBOK_SECRETS_KEY; the previous key must
    be listed in EBOK_SECRETS_OLD_KEYS while this runs. Also seals values stored before sealing existed."""
    try:
        with db.session_scope() as session:
            changed = sealing.reseal_all(session, sealing.keyring_of(get_settings()))
            audit.record(session, "secrets_rotate", "ok", "cli", changed=changed)
    except sealing.UnsealError as exc:
        _fail(f"nothing changed: {exc}")
    err.print(f"{changed} secret(s) sealed under the current key")


@staff_app.command("unlock")
def staff_unlock(login: str) -> None:
    """Let a locked employee log in again."""
    with db.session_scope() as session:
        if staff_rules.unlock(session, login) is None:
            _fail(f"no employee {login!r}")
    err.print(f"employee {login} unlocked")


@invoice_app.command("xml")
def invoice_xml(number: str) -> None:
    """Write the invoice's FA(3) XML, as issued (stored), to standard output."""
    with db.session_scope() as session:
        invoice = issued.invoice_by_number(session, number)
        if invoice is None:
            _fail(f"no invoice {number!r}")
        xml = issued.invoice_xml(session, invoice, get_settings().lessor)
    sys.stdout.buffer.write(xml)
    sys.stdout.buffer.flush()


@invoice_app.command("pdf")
def invoice_pdf(number: str, file: Path) -> None:
    """Write the invoice's PDF copy (with KOD I) to FILE."""
    settings = get_settings()
    with db.session_scope() as session:
        invoice = issued.invoice_by_number(session, number)
        if invoice is None:
            _fail(f"no invoice {number!r}")
        pdf = stored_pdfs.invoice_pdf(session, invoice, settings.lessor, settings.ksef_qr_url)
    try:
        file.write_bytes(pdf)
    except OSError as exc:
        _fail(f"cannot write {file}: {exc.strerror}")
    err.print(f"invoice {number} written to {file}")


@invoice_app.command("pdfs")
def invoice_pdfs(
    company_id: Annotated[int | None, typer.Option("--company-id", min=1, help="One company only.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Rendering processes.")] = 2,
) -> None:
    """Render and store the PDF copies missing or stale (an invoice changed since), ahead of downloads
    and the accountant's ZIP; run it after `ebok ingest` and `ebok demo load` (a company at a time for
    large portfolios: each PDF costs about 60 ms of CPU)."""
    settings = get_settings()
    started = time.perf_counter()
    report = stored_pdfs.render_stale(
        db.get_engine(), settings.lessor, settings.ksef_qr_url, company_id=company_id, workers=workers
    )
    out.print(
        f"{report.invoices} invoices: {report.rendered} PDFs rendered and stored, "
        f"{report.invoices - report.rendered} current already ({time.perf_counter() - started:.1f} s)",
        highlight=False,
    )


def _print_credentials(data: DemoData, as_json: bool) -> None:
    credentials = data.credentials
    if as_json:
        listed = {"credentials": [asdict(c) for c in credentials], "staff": [asdict(s) for s in data.staff]}
        out.print_json(json.dumps(listed, ensure_ascii=False))
        return
    out.print(
        "[bold]eBOK demo log-in data[/bold]: open http://localhost:3000, give the MilleKod and login, then "
        "the SMS code from http://localhost:3000/demo/sms (or `ebok sms outbox`) or the token code "
        "(any TOTP app with the secret) or the reader token's answer to the graphic code, together with "
        "the password characters the page asks for."
    )
    company = None
    for c in credentials:
        if c.company != company:
            company = c.company
            out.print(f"\n[bold]{c.company}[/bold]   MilleKod [cyan]{c.millekod}[/cyan]")
        code = (
            f"token (TOTP secret {c.totp_secret})"
            if c.totp_secret
            else f"token with a reader (`ebok token respond {c.millekod} {c.login} CHALLENGE` "
            f"or /demo/token; key {c.reader_key})"
            if c.reader_key
            else f"SMS to {c.phone}"
        )
        password = f"{c.password} (temporary, first log-in)" if c.state == "first_login" else c.password
        state = "" if c.state in ("active", "first_login") else f"   [yellow]{c.state}[/yellow]"
        out.print(
            f"  login [cyan]{c.login:<14}[/cyan] password [cyan]{password}[/cyan]   "
            f"{c.role}, one-time code: {code}{state}",
            soft_wrap=True,
            highlight=False,
        )
    out.print(
        "\n[bold]Staff[/bold] (consultants, helpdesk): http://localhost:3000/obsluga/logowanie, "
        "the TOTP code from http://localhost:3000/demo/sms or any TOTP app with the secret"
    )
    for s in data.staff:
        rights = ", ".join(s.rights) or "no rights"
        out.print(
            f"  login [cyan]{s.login:<14}[/cyan] password [cyan]{s.password}[/cyan]   {rights}, "
            f"TOTP secret {s.totp_secret}",
            soft_wrap=True,
            highlight=False,
        )


if __name__ == "__main__":
    app()
