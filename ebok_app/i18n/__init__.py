"""The portal's languages: Polish (the default; the msgids are Polish) and English (a gettext catalogue
under ebok_app/locale, managed with Babel: `make locale`). Pages translate their fixed texts with
`components.translated.t` (chosen in the browser by the tab's language); state and services translate
what they produce at run time with `gettext` for the language of the event being handled
(`current_locale`, set by the boundary from the signed-in user, or from the tab before log-in)."""
