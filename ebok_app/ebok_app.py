import reflex as rx


def index() -> rx.Component:
    return rx.text("Hello eBOK")


app = rx.App()
app.add_page(index)
