"""
An intake sent after its author's session ended: the answers wait on the server for that same
person to sign in again, and nobody else.

Why the server, and why this way:
- The sign-in page used to carry the answers in a hidden field: a page the browser could keep,
  that anyone at a shared PC could read with view-source, and that gave the patient to whoever
  signed in next. Now the page carries only a reference (`REFERENCE_FIELD`) and is never stored.
- The answers are a `KeptAnswers` row, encrypted with Fernet (AES with an HMAC) under a key
  made for that row alone, which is in the reference and nowhere in the database: a copy of the
  database or a backup cannot read them. The reference is signed and lasts `LIFETIME`; the row
  expires with it and is handed back once. The database, not the cache, holds them: the cache
  may be cleared or down (it fails open), and answers must not vanish with it.
- Whose answers they are: the session is gone by the time the form arrives, so it cannot say.
  The intake form carries the user's id, signed (`FORM_OWNER_FIELD`), from the moment it was
  shown to them; a form without a valid one cannot be kept for anyone. Only that user, signing in
  with their own password, gets the answers back; someone else signing in on that page gets a blank
  form, and the answers keep waiting for their owner until they expire.
"""

import datetime

from cryptography.fernet import Fernet, InvalidToken
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from intake.models import KeptAnswers

# The sign-in form's hidden field: the reference to the kept answers (never the answers).
REFERENCE_FIELD = "intake_answers"
# The intake form's hidden field: who the form was shown to, signed.
FORM_OWNER_FIELD = "form_owner"
LIFETIME = datetime.timedelta(minutes=10)
# Forms one person may have waiting at once: a replayed form cannot fill the table.
MAX_WAITING_PER_OWNER = 5
# A form open longer than a working day is not trusted to say whose it is.
FORM_OWNER_MAX_AGE = datetime.timedelta(hours=12)
REFERENCE_SALT = "intake.kept_answers.reference"
FORM_OWNER_SALT = "intake.kept_answers.form_owner"


def form_owner_token(user) -> str:
    """The signed user id the intake form carries, so that answers sent after expiry know their owner."""
    return signing.dumps(user.pk, salt=FORM_OWNER_SALT)


def form_owner_id(data: QueryDict):
    """The user the posted form was shown to, or None when the form does not say (or lies)."""
    try:
        return signing.loads(data.get(FORM_OWNER_FIELD, ""), salt=FORM_OWNER_SALT, max_age=FORM_OWNER_MAX_AGE)
    except signing.BadSignature:
        return None


def keep(*, answers: QueryDict, owner_id) -> str:
    """Store the answers for their owner, encrypted; return the signed reference the sign-in page carries."""
    now = timezone.now()
    KeptAnswers.objects.filter(expires_at__lte=now).delete()
    key = Fernet.generate_key()
    kept = KeptAnswers.objects.create(
        owner_id=owner_id,
        encrypted_answers=Fernet(key).encrypt(answers.urlencode().encode()).decode(),
        expires_at=now + LIFETIME,
    )
    newest = KeptAnswers.objects.filter(owner_id=owner_id).order_by("-expires_at")[:MAX_WAITING_PER_OWNER]
    KeptAnswers.objects.filter(owner_id=owner_id).exclude(pk__in=list(newest.values_list("pk", flat=True))).delete()
    return signing.dumps({"id": str(kept.pk), "key": key.decode()}, salt=REFERENCE_SALT)


def _unsign(reference: str) -> dict | None:
    try:
        value = signing.loads(reference, salt=REFERENCE_SALT, max_age=LIFETIME)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) and {"id", "key"} <= value.keys() else None


def _decrypt(kept: KeptAnswers, key: str) -> QueryDict | None:
    try:
        plain = Fernet(key.encode()).decrypt(kept.encrypted_answers.encode())
    except (InvalidToken, ValueError):
        return None
    return QueryDict(plain.decode())


def _waiting(reference: str) -> tuple[KeptAnswers, str] | tuple[None, None]:
    value = _unsign(reference)
    if value is None:
        return None, None
    kept = KeptAnswers.objects.filter(pk=value["id"], expires_at__gt=timezone.now()).first()
    return (kept, value["key"]) if kept is not None else (None, None)


def peek(reference: str) -> QueryDict | None:
    """The answers, still waiting (for the sign-in page's "act now" box after a wrong password)."""
    kept, key = _waiting(reference)
    return _decrypt(kept, key) if kept is not None else None


def take(reference: str, user) -> QueryDict | None:
    """
    The answers, for their owner only, and only once: they are deleted as they are handed back.
    Anyone else gets None and the answers stay, waiting for their owner until they expire.
    """
    kept, key = _waiting(reference)
    if kept is None or kept.owner_id != user.pk:
        return None
    with transaction.atomic():
        # Two sign-ins at once with the same reference: only the one that deletes the row gets it.
        deleted, _rows = KeptAnswers.objects.filter(pk=kept.pk).delete()
    return _decrypt(kept, key) if deleted else None
