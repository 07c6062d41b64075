"""A custom user model that logs in by email (USERNAME_FIELD = 'email'), for the
'username_column' setting of the extension."""
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    email = models.EmailField(unique=True)
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]
