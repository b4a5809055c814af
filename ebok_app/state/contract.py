"""One contract of the signed-in user's company (the header of Umowa; schedules come with the portfolio)."""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import func, select

from ebok_app import db
from ebok_app.models import Asset, Contract, ItemKind, LeaseType, ScheduleItem
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.portfolio.statuses import LABELS_PL, contract_status
from ebok_app.state.auth import guard

NOT_FOUND_PL = "Nie znaleziono umowy albo nie masz do niej dostępu."
LEASE_TYPES_PL = {LeaseType.OPERATING: "leasing operacyjny", LeaseType.FINANCIAL: "leasing finansowy"}


class ContractState(rx.State):
    contract: dict = {}
    error: str = ""

    @rx.event
    async def load(self):
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        self.contract, self.error = {}, ""
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        contract_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
        with db.session_scope() as session:
            row = session.exec(
                select(Contract, Asset)
                .join(Asset)
                .where(Contract.id == contract_id, Contract.company_id == info.company_id)
            ).first()
            if row is None:  # another company's contract looks exactly like a missing one
                self.error = NOT_FOUND_PL
                return None
            contract, asset = row
            today = date.today()
            left = session.exec(
                select(func.count()).where(
                    ScheduleItem.contract_id == contract.id,
                    ScheduleItem.kind == ItemKind.INSTALLMENT,
                    ScheduleItem.due_date >= today,
                )
            ).one()
        status = contract_status(contract.start_date, contract.end_date, contract.terminated_on, today)
        self.contract = {
            "number": contract.number,
            "type": LEASE_TYPES_PL.get(contract.lease_type, contract.lease_type),
            "status": LABELS_PL[status],
            "signed_on": format_day(contract.signed_on),
            "period": f"{format_day(contract.start_date)} – {format_day(contract.end_date)}",
            "value": format_pln(contract.initial_net_gr),
            "installments": f"{left} z {contract.installments_count}",
            "asset": f"{asset.kind}: {asset.make} {asset.model} ({asset.year})",
            "plate": asset.registration_number or asset.serial_number or "—",
        }
        return None
