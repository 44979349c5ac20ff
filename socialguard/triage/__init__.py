"""Inbound triage: labels, routes and the FOI clock."""
