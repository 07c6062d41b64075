"""Issue 3, part 5: a Django process that loads the extension into its own connections
(connection_created receiver). With DRF's documented post_save receiver registered and our
trigger turned off (token_triggers(0)): exactly one token per new user. The opposite
configuration (trigger on, no receiver): exactly one each as well. Both on: the second
token is refused (why token_triggers(0) exists).

Run with Debian's /usr/bin/python3."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

MODE = {"triggers": 1}   # what the connection_created receiver asks of each new connection


def load_authtoken(sender, connection, **kwargs):
    """connection_created receiver: load the extension into Django's sqlite3 connection."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.enable_load_extension(True)
    raw.load_extension(project.EXT)
    raw.enable_load_extension(False)
    raw.execute("SELECT token_triggers(?)", (MODE["triggers"],))


def create_auth_token(sender, instance=None, created=False, **kwargs):
    """DRF's documented receiver (docs: api-guide/authentication, 'Generating Tokens')."""
    from rest_framework.authtoken.models import Token
    if created:
        Token.objects.create(user=instance)


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    settings = project.setup(path)
    from django.contrib.auth.models import User
    from django.db import IntegrityError, connection, transaction
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_save
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_protected

    client = Client()

    def reconnect(triggers):
        """A fresh Django connection, loaded with the extension, triggers on or off."""
        MODE["triggers"] = triggers
        connection.close()
        connection.ensure_connection()

    def sql(query, args=()):
        with connection.cursor() as cur:
            cur.execute(query, args)
            return cur.fetchall()

    def one_token_each(label, users):
        counts = [Token.objects.filter(user=u).count() for u in users]
        check("%s: exactly one token per new user" % label, counts == [1] * len(users), repr(counts))
        for u in users[:2]:
            t = Token.objects.filter(user=u).first()
            if t is None:
                continue
            status, body, _ = drf_protected(client, b"Token " + t.key.encode())
            check("%s: DRF authenticates %s's token" % (label, u.username),
                  (status, body) == (200, b'{"user_id":%d}' % u.id), "%r %r" % (status, body))
            got = sql("SELECT token_user(%s)", ["Token " + t.key])[0][0]
            check("%s: token_user on Django's own connection (%s)" % (label, u.username), got == u.id, repr(got))

    connection_created.connect(load_authtoken)

    # --- DRF's receiver + token_triggers(0) -----------------------------------------------
    post_save.connect(create_auth_token, sender=settings.AUTH_USER_MODEL)
    reconnect(0)
    check("receiver: the extension is loaded in Django's connection",
          len(sql("SELECT token_new()")[0][0]) == 40)
    users = [User.objects.create_user("r%d" % i, password="x") for i in range(3)]
    users.append(User.objects.create(username="r-plain"))
    with transaction.atomic():
        users.append(User.objects.create_user("r-atomic", password="x"))
    one_token_each("receiver, triggers off", users)
    u = users[0]
    u.first_name = "changed"
    u.save()
    check("receiver, triggers off: saving an existing user adds no token", Token.objects.filter(user=u).count() == 1)
    check("receiver, triggers off: one token per user overall",
          Token.objects.count() == User.objects.count(), "%d tokens, %d users" % (Token.objects.count(), User.objects.count()))
    post_save.disconnect(create_auth_token, sender=settings.AUTH_USER_MODEL)

    # --- our trigger, no receiver ----------------------------------------------------------
    reconnect(1)
    users = [User.objects.create_user("t%d" % i, password="x") for i in range(3)]
    users.append(User.objects.create(username="t-plain"))
    with transaction.atomic():
        users.append(User.objects.create_user("t-atomic", password="x"))
    users += User.objects.bulk_create([User(username="t-bulk%d" % i) for i in range(2)])
    users[-2:] = list(User.objects.filter(username__startswith="t-bulk").order_by("id"))
    one_token_each("trigger, no receiver", users)
    check("trigger, no receiver: one token per user overall",
          Token.objects.count() == User.objects.count(), "%d tokens, %d users" % (Token.objects.count(), User.objects.count()))
    # a user deleted through the ORM and one through Django's raw cursor: no orphan, no error
    users[0].delete()
    try:
        with transaction.atomic():
            sql("DELETE FROM auth_user WHERE id = %s", [users[1].id])
        err = None
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    check("trigger, no receiver: raw DELETE through Django's cursor commits", err is None, err)
    check("trigger, no receiver: no orphan token",
          sql("SELECT count(*) FROM authtoken_token WHERE user_id NOT IN (SELECT id FROM auth_user)")[0][0] == 0)

    # --- both on: the receiver's INSERT meets the trigger's token ---------------------------
    post_save.connect(create_auth_token, sender=settings.AUTH_USER_MODEL)
    try:
        with transaction.atomic():
            User.objects.create_user("both", password="x")
        err = None
    except IntegrityError as e:
        err = str(e)
    check("both on: DRF's receiver fails on the UNIQUE user_id (hence token_triggers(0))",
          err is not None and "UNIQUE" in err, repr(err))
    check("both on: the atomic block rolled the user back", not User.objects.filter(username="both").exists())
    post_save.disconnect(create_auth_token, sender=settings.AUTH_USER_MODEL)
    connection.close()
    finish()


if __name__ == "__main__":
    main()
