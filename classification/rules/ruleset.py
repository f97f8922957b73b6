"""Version of the whole ruleset (classification, hospital exemption, pathways).

Change RULESET_VERSION with every change to a rule, and log it in CHANGELOG.md with
the rule ids. LAST_CHECKED is the date the rules were last checked against the
domain notes (../shared/domain/).
"""

from datetime import date

RULESET_VERSION = "2026.12.0"
LAST_CHECKED = date(2026, 12, 1)
