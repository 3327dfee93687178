"""Outbound messages: templates and their wording, the outbox, and sending by email, text message and letter."""
