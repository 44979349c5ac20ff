"""An administrator creates a user of each role from the Users page and sees the roles
every user holds (issue 15, item 6: the page could only grant "admin")."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import NamedUser, csrf_from, log_in


def test_an_administrator_creates_a_user_of_each_role(client: TestClient,
                                                      users: dict[Role, NamedUser]) -> None:
    admin = users[Role.ADMIN]
    log_in(client, admin.email, admin.password)
    page = client.get("/admin/users").text
    offered = re.findall(r'id="new-role-([a-z_]+)" name="roles"', page)
    assert offered == [r.value for r in Role]
    for role in Role:
        email = f"{role.value}-{uuid.uuid4().hex[:6]}@test.nhs.uk"
        made = client.post("/admin/users", data={
            "csrf_token": csrf_from(page), "email": email, "name": f"New {role.value}",
            "roles": [role.value]})
        assert made.status_code == 200 and f"Created {email}" in made.text
        # The new user's row shows the role they hold, ticked, and no other.
        row = made.text.split(f"Roles of {email}</legend>")[1].split("</fieldset>")[0]
        ticked = re.findall(r'value="([a-z_]+)" checked', row)
        assert ticked == [role.value], (role, ticked)
