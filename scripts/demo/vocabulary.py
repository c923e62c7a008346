"""What the demo is made of: dates, bots, real releases and the word lists its people, pages and
commit messages are drawn from. Data only: changing any of it changes every demo's commit ids."""

from __future__ import annotations

from datetime import datetime, timezone

END = int(datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp())
DAY = 86_400
GITHUB = "GitHub <noreply@github.com>"
BOTS = {
    "dependabot": "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
    "renovate": "renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
    "github-actions": "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>",
}

# Real releases, oldest first: the demo's dependency bot bumps requirements.txt along them (never
# to a version that does not exist).
RELEASES = {
    "mkdocs": ("1.6.0", "1.6.1"),
    "mkdocs-material": (*(f"9.6.{n}" for n in range(24)), *(f"9.7.{n}" for n in range(8))),
    "pyyaml": ("6.0.1", "6.0.2", "6.0.3"),
}

TOPICS = ("onboarding", "engineering", "security", "data", "product", "sales", "customer-support",
          "operations", "people-and-culture", "tools")
TOPIC_TITLES = {
    "onboarding": "Onboarding", "engineering": "Engineering", "security": "Security", "data": "Data",
    "product": "Product", "sales": "Sales", "customer-support": "Customer support",
    "operations": "Operations", "people-and-culture": "People and culture", "tools": "Tools",
}
SUBFOLDERS = {
    "onboarding": ("first-week",), "engineering": ("runbooks", "architecture"),
    "security": ("policies", "incident-response"), "data": ("pipelines",), "product": ("specs",),
    "sales": ("playbooks",), "customer-support": ("playbooks",), "operations": ("offices", "travel"),
    "people-and-culture": ("benefits",), "tools": ("how-to",),
}
OBJECTS = {
    "onboarding": ("your first week", "laptop setup", "the buddy programme", "team introductions",
                   "access requests", "the welcome session", "expense basics", "office tours",
                   "the first ninety days", "mentoring circles", "probation check-ins"),
    "engineering": ("the on-call rotation", "code review", "release trains", "feature flags",
                    "database migrations", "incident postmortems", "service ownership", "load testing",
                    "the deploy pipeline", "API versioning", "dependency upgrades",
                    "observability dashboards", "flaky tests", "staging environments"),
    "security": ("access reviews", "phishing reports", "laptop encryption", "key rotation",
                 "vendor assessments", "security champions", "incident triage", "threat modelling",
                 "password managers", "badge access", "backup restores"),
    "data": ("the warehouse", "dbt models", "metric definitions", "data quality checks",
             "dashboard requests", "event tracking", "retention analysis", "experiment analysis",
             "data retention", "the semantic layer", "cohort reports"),
    "product": ("discovery interviews", "roadmap planning", "product briefs", "beta programmes",
                "pricing experiments", "release notes", "usability testing", "feature requests",
                "design critiques", "launch reviews"),
    "sales": ("deal reviews", "discovery calls", "renewal forecasts", "territory planning",
              "demo environments", "proposal templates", "partner referrals", "pipeline hygiene",
              "quarterly business reviews", "procurement questionnaires"),
    "customer-support": ("ticket escalation", "refund requests", "support macros", "weekend coverage",
                         "customer health checks", "bug reports from customers",
                         "service level targets", "help centre articles", "handover notes"),
    "operations": ("office moves", "travel bookings", "meeting rooms", "supplier invoices",
                   "desk booking", "visitor registration", "fire drills", "shipping equipment",
                   "office supplies", "event logistics"),
    "people-and-culture": ("performance reviews", "parental leave", "learning budgets",
                           "internal mobility", "team offsites", "remote work", "wellbeing days",
                           "recognition programmes", "hiring panels", "career ladders"),
    "tools": ("the VPN client", "the password manager", "video conferencing", "the ticket tracker",
              "calendar etiquette", "shared drives", "chat channels", "the wiki editor",
              "single sign-on", "the build cache", "terminal setup"),
}
TOOLS = {
    "onboarding": ("the onboarding tracker", "the welcome deck", "the team calendar"),
    "engineering": ("Grafana", "the deploy dashboard", "PagerDuty", "the CI pipeline", "Terraform"),
    "security": ("the access portal", "the security tracker", "the device manager"),
    "data": ("Looker", "dbt", "the warehouse console", "Airflow", "the metrics catalogue"),
    "product": ("Figma", "the roadmap board", "the research repository"),
    "sales": ("the CRM", "the deal desk form", "the pricing calculator"),
    "customer-support": ("Zendesk", "the macro library", "the status page"),
    "operations": ("the booking system", "the facilities tracker", "the supplier portal"),
    "people-and-culture": ("the HR portal", "the learning platform", "the review tool"),
    "tools": ("the IT service desk", "the software catalogue", "the SSO dashboard"),
}
VERBS = ("rotate", "request", "plan", "run", "review", "set up", "escalate", "document", "schedule",
         "prepare for", "hand over", "improve", "automate", "audit", "approve", "streamline")
TITLE_TEMPLATES = (
    "How to {verb} {obj}", "How to {verb} {obj} in the {office} office", "{Obj} checklist",
    "{Obj}: a practical guide", "Runbook: {obj}", "Frequently asked questions about {obj}",
    "Getting started with {obj}", "{Obj} for new joiners", "Troubleshooting {obj}",
    "Our approach to {obj}", "{Office} office: {obj}", "When to {verb} {obj}",
)
SENTENCES = (
    "{Actor} should {verb} {obj} {when}.",
    "In the {office} office, {obj} is handled by the {team} team, who keep a shared checklist in {tool}.",
    "If anything is unclear, ask in the #{channel} channel and mention {obj} in your first message.",
    "We {verb} {obj} {freq} so that {benefit}.",
    "Before you {verb} {obj}, check that {precondition}.",
    "{Adverb}, most questions about {obj} come up during {period}.",
    "Keep notes short: a good summary of {obj} fits on one screen and links to {tool}.",
    "The {codename} project changed how we {verb} {obj}; the old process is archived.",
    "{Actor} owns the final decision, but anyone can propose a change to {obj}.",
    "Expect {obj} to take longer {period}, and plan around it.",
    "Most teams {verb} {obj} with {tool}, although the {office} office still keeps a paper log.",
    "A common mistake is to {verb} {obj} without telling {actor}.",
)
ACTORS = ("the on-call engineer", "your manager", "the team lead", "the facilities coordinator",
          "your onboarding buddy", "the security champion", "the account owner", "the duty manager",
          "the people partner", "a senior colleague", "the release captain", "the data steward")
WHEN = ("before Friday", "within two business days", "at the start of each sprint",
        "before the quarterly planning week", "as soon as possible", "during the weekly sync",
        "before going on leave", "after every incident", "once a month")
FREQ = ("every week", "twice a quarter", "every sprint", "once a year", "every Monday morning",
        "after each release", "at the end of every month")
BENEFITS = ("nobody is surprised on a Monday", "new joiners can find answers alone",
            "customers hear one consistent story", "the audit trail stays complete",
            "handovers between time zones stay smooth", "we spot problems early",
            "costs stay predictable", "the next person does not start from scratch")
PRECONDITIONS = ("the request has an owner", "your laptop is up to date", "the change is reviewed",
                 "the customer has been told", "the budget line is approved",
                 "the runbook matches reality", "nobody else is already working on it")
ADVERBS = ("Historically", "In practice", "Unsurprisingly", "Interestingly", "Usually", "Lately")
PERIODS = ("the first week", "quarter close", "the summer holidays", "peak season",
           "the annual review cycle", "a busy release week", "public holidays")
CHANNELS = ("help-it", "ask-engineering", "security-questions", "data-help", "product-feedback",
            "sales-desk", "support-escalations", "office-ops", "people-questions", "tools-help")
CODENAMES = ("Kestrel", "Juniper", "Meridian", "Halcyon", "Bramble", "Saffron", "Orca", "Quill",
             "Tundra", "Lumen", "Marigold", "Cobalt", "Fennel", "Ember", "Sequoia", "Wren")
SECTIONS = ("Why it matters", "Who to ask", "Steps", "Common pitfalls", "Background",
            "What good looks like", "Checklist", "Office notes", "History of this process")
COMMANDS = ("make deploy ENV=staging", "kubectl rollout restart deployment/{svc}",
            "git switch -c docs/{svc}-notes", "terraform plan -target=module.{svc}",
            "dbt run --select {svc}", "./scripts/check.sh --service {svc}", "brew install {svc}-cli",
            "curl -s https://{svc}.internal.example.com/healthz")
SERVICES = ("billing", "search", "identity", "notifications", "ledger", "reports", "gateway", "catalog")
TAGS = ("how-to", "policy", "runbook", "faq", "checklist", "reference", "process", "remote",
        "office", "new-joiners", "quarterly", "compliance", "tips")

OFFICES = {  # office -> UTC offset used on commit dates (no DST: stable and good enough)
    "Lisbon": "+0000", "Berlin": "+0100", "Nairobi": "+0300", "Singapore": "+0800",
    "Toronto": "-0500", "São Paulo": "-0300",
}
MORE_OFFICES = {  # the offices a large company opens as it grows (more than LARGE people), in that order
    "London": "+0000", "New York": "-0500", "Bangalore": "+0530", "Paris": "+0100", "Tokyo": "+0900",
    "Sydney": "+1000", "Mexico City": "-0600", "Warsaw": "+0100", "Dublin": "+0000", "Cape Town": "+0200",
    "Seoul": "+0900", "Madrid": "+0100", "Istanbul": "+0300", "Dubai": "+0400", "Jakarta": "+0700",
    "Bogotá": "-0500", "Stockholm": "+0100", "Lagos": "+0100", "Montréal": "-0500", "Auckland": "+1200",
    "Chicago": "-0600", "Buenos Aires": "-0300", "Vancouver": "-0800", "Cairo": "+0200",
}
ZONES = {**OFFICES, **MORE_OFFICES}
LARGE = 1000  # people: a company this size or smaller keeps the six offices, namesakes beyond it
PEOPLE_PER_OFFICE = 200
LARGE_SITE = 2000  # pages: a larger site nests its pages one folder deeper (see Builder.folder_for)
NAMESAKES = 0.01  # share of a large company's people who have a colleague of the same name
TEAMS = {  # team -> (home topic, roles)
    "Platform": ("engineering", ("Software Engineer", "Senior Engineer", "Staff Engineer", "Engineering Manager")),
    "Site Reliability": ("engineering", ("SRE", "Senior SRE", "SRE Lead")),
    "Security": ("security", ("Security Engineer", "Security Analyst", "CISO")),
    "Data Platform": ("data", ("Data Engineer", "Analytics Engineer")),
    "Analytics": ("data", ("Data Analyst", "Data Scientist", "Head of Analytics")),
    "Product": ("product", ("Product Manager", "Product Designer", "UX Researcher")),
    "Sales": ("sales", ("Account Executive", "Sales Engineer", "Sales Director")),
    "Customer Support": ("customer-support", ("Support Specialist", "Support Lead", "Support Engineer")),
    "Workplace": ("operations", ("Office Manager", "Facilities Coordinator", "Travel Coordinator")),
    "People": ("people-and-culture", ("People Partner", "Recruiter", "Learning Lead")),
    "IT": ("tools", ("IT Specialist", "Systems Administrator")),
    "Developer Experience": ("tools", ("Developer Advocate", "Tooling Engineer")),
}
FIRST = ("Ana", "Bruno", "Chiara", "Dmitri", "Esi", "Farah", "Gustavo", "Hana", "Ines", "Jonas",
         "Kwame", "Lena", "Mateus", "Nadia", "Oskar", "Priya", "Quentin", "Rafaela", "Sven", "Tomás",
         "Uma", "Viktor", "Wanjiru", "Xavier", "Yara", "Zane", "Aoife", "Björn", "Céline", "Dário",
         "Émile", "Françoise", "Gökhan", "Hélène", "Ingrid", "Jürgen", "Kübra", "Léa", "Mónica",
         "Nuno", "Ömer", "Pál", "Renée", "Søren", "Thảo", "Ugo", "Wei", "Mei", "Arjun", "Amara",
         "Chidi", "Sakura", "Diego", "Fatima", "Grace", "Hiroshi", "Imani", "Joaquín", "Kofi", "Lucía")
LAST = ("Silva", "Costa", "Schmidt", "Müller", "Okafor", "Mwangi", "Tan", "Lim", "Chen", "Nguyễn",
        "Ferreira", "Almeida", "Novak", "Kowalski", "Dubois", "Rossi", "Haddad", "Kamau", "Otieno",
        "Oliveira", "Souza", "Brown", "Campbell", "Tremblay", "Gagnon", "Wong", "Kaur", "Singh",
        "Fischer", "Weber", "Lindqvist", "Nakamura", "Petrov", "Adeyemi", "Ibrahim", "Brandão",
        "Çelik", "Şahin", "Dvořák", "Øvergaard", "Ó Briain", "García", "Pereira", "Yilmaz")
FIXED_PEOPLE = (  # (name, ascii alias used in trailers, office, team)
    ("Zoë Ångström", "Zoe Angstrom", "Lisbon", "Platform"),
    ("Łukasz Wójcik", "Lukasz Wojcik", "Berlin", "Site Reliability"),
    ("José Núñez", "Jose Nunez", "São Paulo", "Customer Support"),
)
SPECIAL_FILES = (  # pages with spaces and non-ASCII characters in their names
    ("operations", "offices/São Paulo office guide.md", "São Paulo office guide"),
    ("people-and-culture", "Café and kitchen rules.md", "Café and kitchen rules"),
    ("tools", "Meeting room notes.md", "Meeting room notes"),
)
