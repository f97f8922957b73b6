"""Version of the whole ruleset (classification, hospital exemption, pathways).

Change RULESET_VERSION with every change to a rule, and log it in CHANGELOG.md with
the rule ids. LAST_CHECKED is the date the rules were last checked against the
domain notes (../shared/domain/).
"""

from datetime import date

RULESET_VERSION = "2026.12.0"
LAST_CHECKED = date(2026, 12, 1)
# The verification horizon: the last date for which the law encoded here was checked to hold
# (dated changes known on LAST_CHECKED, such as the SoHO Regulation applying on 7 August 2027,
# are encoded up to it). Advice for a later date carries a warning.
VERIFIED_UNTIL = date(2027, 12, 31)
