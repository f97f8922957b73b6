"""Idempotent demo data for `make run`: an organisation, a second one to show switching, and a
demo user whose login is printed. A second run keeps everything, but resets the demo password so
the printed login always works."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membership, Organisation

USERNAME = "demo"
PASSWORD = "demo-atmp-2026"


class Command(BaseCommand):
    help = "Create (or keep) the demo organisation and user and print the login."

    @transaction.atomic
    def handle(self, *args, **options):
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "demo@example.com"}
        )
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        for slug, name, role in (
            ("demo-biotech", "Demo Biotech", Membership.Role.OWNER),
            ("demo-hospital", "Demo Hospital", Membership.Role.EDITOR),
        ):
            organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
            Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
        host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Log in at http://{host}:{port}/accounts/login/ as {USERNAME} / {PASSWORD}"))
