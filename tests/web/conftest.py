from tests.conftest_web import (  # noqa: F401  (fixtures)
    app,
    client,
    closed_app,
    data_dir,
    database_url,
    users,
)
