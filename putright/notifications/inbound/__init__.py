"""Inbound messages: email fetched by IMAP or posted by the provider, and what GOV.UK Notify calls back with."""
