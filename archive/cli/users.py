"""``nianbao users``: the logins of the dashboard's write actions (``serve --write``)."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from ..errors import InputError
from ..models import User
from ..passwords import hash_password
from .context import AppContext, pass_app
from .output import print_rows, rows_option

MIN_LENGTH = 8


@click.group()
def users() -> None:
    """Logins for nianbao serve --write (passwords kept as scrypt hashes)."""


@users.command("add")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin instead of prompting.",
)
@pass_app
def add(app: AppContext, name: str, password_stdin: bool) -> None:
    """Create a login NAME, or set a new password for it."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_LENGTH:
        raise InputError(f"the password must have at least {MIN_LENGTH} characters")
    name = name.strip()
    if not name or len(name) > 100:
        raise InputError("a user name has 1 to 100 characters")
    with app.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            session.add(User(name=name, password_hash=hash_password(password)))
            click.echo(f"user {name} created")
        else:
            user.password_hash = hash_password(password)
            click.echo(f"user {name}: password changed")


@users.command("list")
@rows_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the logins (never their hashes)."""
    with app.session() as session:
        rows = [
            {"name": u.name, "created_at": u.created_at, "last_login_at": u.last_login_at}
            for u in session.scalars(select(User).order_by(User.name))
        ]
    print_rows(rows, as_json, ["name", "created_at", "last_login_at"], "users")
