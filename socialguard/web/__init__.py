"""Server-rendered pages, the app factory and the serve/admin commands."""
