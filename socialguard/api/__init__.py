"""The REST API under /api/v1: routes, schemas, errors and middleware."""
