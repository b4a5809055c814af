import reflex as rx

config = rx.Config(app_name="ebok_app", telemetry_enabled=False, state_auto_setters=False)
