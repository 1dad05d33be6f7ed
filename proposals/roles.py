"""The model permissions the proposals app grants each role group (AppConfig.portal["roles"], merged by
congress.roles): staff keep each congress's rules (numbers of the workflow) and read its records in the admin."""

from congress.models import Role

ROLE_GRANTS = {
    Role.STAFF: {
        "view": ["proposals.proposalrules", "proposals.proposal", "proposals.assignment"],
        "add": ["proposals.proposalrules"],
        "change": ["proposals.proposalrules"],
    },
}
