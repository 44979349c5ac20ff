"""Users, roles, sessions, API tokens and single sign-on."""
