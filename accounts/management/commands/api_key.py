"""``manage.py api_key create|revoke|list``: API keys of an organisation from the command line.

    manage.py api_key create --organisation SLUG --role editor|viewer [--name NAME]
    manage.py api_key revoke --organisation SLUG PREFIX
    manage.py api_key list --organisation SLUG

``create`` prints the key once, on standard output alone (so a script can capture it); only its
hash is stored."""

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import ApiKey, Organisation
from accounts.selectors import api_key_list


class Command(BaseCommand):
    help = "Create, revoke or list the API keys of an organisation."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a key and print it (shown once).")
        create.add_argument("--organisation", required=True, help="The organisation's slug.")
        create.add_argument("--role", required=True, choices=ApiKey.Role.values)
        create.add_argument("--name", default="Command-line key", help="What the key is for.")
        revoke = actions.add_parser("revoke", help="Revoke a key, named by its prefix.")
        revoke.add_argument("--organisation", required=True, help="The organisation's slug.")
        revoke.add_argument("prefix", help="The prefix of the key (the part after atmp_).")
        listing = actions.add_parser("list", help="List the keys (never their secrets).")
        listing.add_argument("--organisation", required=True, help="The organisation's slug.")

    def handle(self, *args, action, organisation, **options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"--organisation: no organisation has the slug {organisation!r}.")
        if action == "create":
            try:
                key, token = services.api_key_create(
                    organisation=found, name=options["name"], role=options["role"], by=None
                )
            except services.ApiKeyError as exc:
                raise CommandError(str(exc)) from None
            self.stderr.write(f"Created the {key.role} key {key.name!r} for {found.name}. It is shown only now:")
            self.stdout.write(token)
        elif action == "revoke":
            key = ApiKey.objects.filter(organisation=found, prefix=options["prefix"]).first()
            if key is None:
                raise CommandError(f"{found.name} has no key with the prefix {options['prefix']!r}.")
            services.api_key_revoke(key=key, by=None)
            self.stdout.write(f"Revoked {key.name!r} ({key.prefix}).")
        else:
            for key in api_key_list(organisation=found):
                state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                used = f"last used {key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never used"
                self.stdout.write(f"{key.prefix}  {key.role:6}  {state:22}  {used:27}  {key.name}")
