"""Cheap password hashers for users whose hash format is not what a test is about."""
from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """pbkdf2_sha256 with 1000 iterations: same format, checked by the same code."""
    iterations = 1000
