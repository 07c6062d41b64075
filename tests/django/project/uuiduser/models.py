"""A custom user model whose primary key is a UUIDField, as many projects use: Django stores
it on SQLite as char(32) (the UUID's 32 hex digits, no dashes), and DRF's token table gets
`user_id char(32)`. For the extension's ids of any key type (tests/django/test_uuid_interop.py)."""
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
