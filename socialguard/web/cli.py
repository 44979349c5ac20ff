"""`socialguard serve` and `socialguard admin create`, as a Typer app the main CLI mounts."""

from __future__ import annotations

from typing import Annotated

import typer

from socialguard.auth.passwords import MIN_PASSWORD_CHARS, generate_password
from socialguard.auth.roles import Role
from socialguard.auth.schemas import UserCreate
from socialguard.settings import Settings

app = typer.Typer(help="The web app and REST API.", no_args_is_help=True)
admin_app = typer.Typer(help="Manage users.", no_args_is_help=True)
app.add_typer(admin_app, name="admin")


@app.command()
def serve(host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
          workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
          proxy_headers: Annotated[bool, typer.Option(
              help="Trust X-Forwarded-* from --forwarded-allow-ips")] = False,
          forwarded_allow_ips: Annotated[str, typer.Option()] = "127.0.0.1") -> None:
    """Start the web app: migrations run, the policy loads and the detectors warm first."""
    import uvicorn

    Settings()  # fail here, with the setting's name, rather than inside a worker
    uvicorn.run("socialguard.web.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, access_log=False, proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips, log_level="info")


@admin_app.command("create")
def admin_create(
    email: Annotated[str, typer.Option(help="The user's e-mail address (their login)")],
    role: Annotated[list[Role], typer.Option(help="A role; repeat for several")],
    name: Annotated[str, typer.Option(help="Display name")] = "",
    password: Annotated[str | None, typer.Option(
        help="Default: a random one, printed once", envvar="SOCIALGUARD_NEW_PASSWORD")] = None,
) -> None:
    """Create a user (an admin with --role admin). Applies migrations first."""
    from pydantic import ValidationError

    from socialguard.auth import service
    from socialguard.db.migrate import upgrade
    from socialguard.db.session import Database
    from socialguard.errors import Conflict

    settings = Settings()
    if password is not None and len(password) < MIN_PASSWORD_CHARS:
        raise typer.BadParameter(f"use at least {MIN_PASSWORD_CHARS} characters",
                                 param_hint="--password")
    chosen = password or generate_password()
    try:
        data = UserCreate(email=email, name=name, roles=role, password=chosen)
    except ValidationError:
        raise typer.BadParameter("not an e-mail address", param_hint="--email") from None
    upgrade(settings.sqlalchemy_url)
    database = Database(settings.sqlalchemy_url)
    try:
        with database.session() as session:
            user = service.create_user(session, data=data)
            typer.echo(f"created {user.email} with roles {', '.join(user.roles)}")
    except Conflict as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    if password is None:
        typer.echo(f"password (shown once): {chosen}")


def demo(force: Annotated[bool, typer.Option(
        help="Seed a non-SQLite database too (never a production one)")] = False) -> None:
    """Seed the demo organisation (a team per role, accounts, inbox, approvals) once."""
    from socialguard.db.migrate import upgrade
    from socialguard.db.session import Database
    from socialguard.demo import seed
    from socialguard.policy import load_pack

    settings = Settings()
    url = settings.sqlalchemy_url
    if not url.startswith("sqlite") and not force:
        typer.echo("socialguard demo: the database is not the embedded SQLite one; "
                   "pass --force to seed it anyway", err=True)
        raise typer.Exit(2)
    upgrade(url)
    database = Database(url)
    try:
        with database.session() as session:
            seeded = seed(session, pack=load_pack())
    finally:
        database.dispose()
    if not seeded.created:
        typer.echo("demo organisation already seeded: sign in as admin@demo.localhost (or "
                   "<role>@demo.localhost) with the password printed the first time; lost "
                   "it? socialguard admin create --email you@nhs.net --role admin")
        return
    typer.echo(f"demo organisation: {seeded.accounts} official accounts, {seeded.messages} "
               f"inbox messages, {seeded.approvals} approval requests")
    typer.echo("demo users (one per role): " + ", ".join(seeded.users))
    typer.echo(f"demo password (shown once, the same for each): {seeded.password}")
    typer.echo(f"\n  Sign in as the administrator: admin@demo.localhost / {seeded.password}\n")


if __name__ == "__main__":
    app()
