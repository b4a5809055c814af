"""An invoice's PDF, XML and KOD I link: a button of a phone's card, an item of a table row's menu."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def invoice_action(page: Page, entry: Locator, action: str) -> None:
    """Starts `action` ("Pobierz PDF", "Pobierz XML", "Link weryfikacyjny") of the invoice `entry`. A table
    row's menu is worked from the keyboard only: its button is named after the invoice for screen
    readers, Enter opens it, the arrow keys reach every item, Enter picks one."""
    menu = entry.get_by_test_id("invoice-menu")
    if menu.count() == 0:  # a phone's card: the buttons themselves
        entry.get_by_role("button", name=re.compile("^" + re.escape(action))).click()
        return
    number = entry.inner_text().split()[0]
    expect(menu).to_have_accessible_name(f"Pliki i KSeF faktury {number}")
    menu.focus()
    page.keyboard.press("Enter")
    items = page.get_by_role("menuitem")
    expect(items).to_have_count(4)
    expect(items.first).to_be_focused()  # opened from the keyboard: the first item has the focus
    names = [items.nth(i).inner_text() for i in range(4)]
    wanted = next(i for i, name in enumerate(names) if name.startswith(action))
    for i in range(1, wanted + 1):  # each press moves the focus one item down: waited for, not assumed
        page.keyboard.press("ArrowDown")
        expect(items.nth(i)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("menu")).to_have_count(0)
