"""Users, roles and the desa a village admin may work on. Passwords are stored only as salted scrypt hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from typing import TYPE_CHECKING

import peewee

from desktop.models.db import BaseModel
from desktop.models.people import Staff
from desktop.models.wilayah import Desa, Puskesmas

ROLE_CHOICES = (
    ("admin", "PJ Promkes / Admin"),
    ("supervisor", "Supervisor"),
    ("desa", "Admin Desa"),
    ("cetak", "Petugas cetak"),
    ("kabupaten", "Admin Kabupaten (baca semua)"),
)
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash' with a fresh 16-byte salt."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Constant-time comparison against a stored hash."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        mine = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(mine.hex(), digest)


class User(BaseModel):
    username = peewee.CharField(unique=True)
    name = peewee.CharField()
    role = peewee.CharField(choices=ROLE_CHOICES)
    password_hash = peewee.CharField()
    staff = peewee.ForeignKeyField(Staff, null=True, backref="users", on_delete="SET NULL")  # a supervisor's record
    if TYPE_CHECKING:  # the id column peewee adds for `staff`
        staff_id = peewee.IntegerField[int | None](null=True)
    # The puskesmas whose data this account works on; none for a kabupaten admin (reads every puskesmas) and on
    # a single-office database made before shared mode (then: the office's puskesmas).
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="users", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)
    active = peewee.BooleanField(default=True)
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField(default=dt.datetime.now)

    @property
    def role_label(self) -> str:
        return dict(ROLE_CHOICES)[self.role]


class UserDesa(BaseModel):
    """A village admin's desa (one or more)."""

    user = peewee.ForeignKeyField(User, backref="desa_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `user`
        user_id = peewee.IntegerField[int]()
    desa = peewee.ForeignKeyField(Desa, backref="admin_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `desa`
        desa_id = peewee.IntegerField[int]()
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)
