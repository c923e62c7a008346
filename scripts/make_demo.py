"""Generate a realistic, seeded synthetic Committed knowledge base as a new git repository.

    python scripts/make_demo.py OUT_DIR [--pages 300] [--commits 4000] [--people 60] [--years 3]
                                        [--seed 7] [--force] [--adopter | --start-outside
                                        --renamed-docs-folder --split-identities --import-commit]
                                        [--truth FILE]

The whole history is written by ONE ``git fast-import`` process fed on stdin, so tens of
thousands of commits take seconds. The output is deterministic: the same arguments give the same
commit shas. Only ``random.Random(seed)`` is used, every date derives from END (never the wall
clock), and nothing depends on dict or set iteration order of unordered data.

What the history contains: pages created, edited, renamed (R) and deleted (D) by people with a
long-tailed activity distribution in six offices; web-editor commits (committer GitHub);
pull-request merge commits (two parents) with Reviewed-by/Approved-by trailers; squash merges
with Co-authored-by trailers; Acked-by and Learned-from trailers (sometimes a bare name);
authors and trailers under .mailmap aliases; two bots; whitespace-only reformat commits listed
in .git-blame-ignore-revs; reverts ("This reverts commit <sha>.", shas read back from
fast-import with ``get-mark``) including one reverted revert; files with spaces and non-ASCII
names; and one binary PNG under docs/.

What an adopter's repository brings (each option off by default; ``--adopter`` turns all on):
``--start-outside``: the pages start at the repository root and a bot moves them into docs/;
``--renamed-docs-folder``: they live in ``_pages/`` first, which is renamed to docs/ (with
``--start-outside`` too: root -> _pages/ -> docs/, a chained move); ``--split-identities``: about
40 % of the people commit under several e-mails and name spellings (case, accents, "(she/her)",
a handle, a personal address) and there is no .mailmap; ``--import-commit``: one commit imports a
tenth of the pages at once; ``--code-share 0.9``: nine commits in ten change code only (src/), as
in a product repository with its docs beside the code. ``--truth FILE`` writes what the generator knows and git may not show
(every page's true creator, every human's identities) as JSON, to measure Committed against.

At company scale (``--pages 10000 --commits 300000 --people 5000`` takes a few minutes, most of
it in git fast-import): more than 1,000 people work in an office per 200 people (25 at 5,000,
a headquarters far larger than the newest office), 1 % of them share a colleague's name (each
with their own e-mail, contributor file and a numbered slug, ``ana-silva-2``), and a site of
more than 2,000 pages nests them in a folder per subject, as large wikis do.
"""

from __future__ import annotations

import argparse
import bisect
import json
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from random import Random
from typing import BinaryIO

REPO_ROOT = Path(__file__).resolve().parents[1]
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

# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

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
LARGE_SITE = 2000  # pages: a larger site nests its pages one folder deeper (see Generator.folder_for)
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
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower())
    return "-".join(part for part in out.split("-") if part)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()


def wrap(text: str, width: int = 88) -> str:
    """Greedy word wrap (textwrap.fill is the generator's hot spot)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

@dataclass
class Person:
    name: str
    slug: str
    email: str
    office: str
    team: str
    role: str
    joins: int  # timestamp of the person's first day
    profile_file: bool  # has contributors/<slug>.yml
    alias_name: str | None = None  # name in .mailmap (and in some trailers)
    alias_email: str | None = None
    flags: tuple[str, ...] = ()  # "leaderboard: false" / "profile: false"
    variants: tuple[str, ...] = ()  # other "Name <email>" this person commits under (--split-identities)

    @property
    def topic(self) -> str:
        return TEAMS[self.team][0]

    @property
    def tz(self) -> str:
        return ZONES[self.office]

    def contact(self, rng: Random, alias_chance: float = 0.25) -> str:
        if self.variants and rng.random() < 0.5:
            return rng.choice(self.variants)
        if self.alias_email and rng.random() < alias_chance:
            return f"{self.alias_name or self.name} <{self.alias_email}>"
        return f"{self.name} <{self.email}>"


NAME_SHAPES = (  # as a company grows, its people's names have more parts: each shape is used once the
    # previous one keeps drawing names already taken
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(INITIALS)}. {rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}",
)
INITIALS = "ABCDEFGHIJKLMNOPRSTVW"
MAX_PEOPLE = 500_000  # far below what the last shape can name (60 * 60 * 44 * 44)


class NameDrawer:
    """New names, none taken before: the simplest shape first, a longer one only when the simpler one
    keeps colliding (20 draws in a row), so small demos keep their names and any size ends."""

    def __init__(self, rng: Random, taken: set[str]) -> None:
        self.rng, self.taken, self.shape = rng, taken, 0

    def draw(self) -> str:
        if len(self.taken) >= MAX_PEOPLE:
            raise SystemExit(f"make_demo.py: --people is at most {MAX_PEOPLE:,}.")
        misses = 0
        while True:
            name = NAME_SHAPES[self.shape](self.rng)
            if name not in self.taken:
                self.taken.add(name)
                return name
            misses += 1
            if misses >= 20 and self.shape + 1 < len(NAME_SHAPES):
                self.shape, misses = self.shape + 1, 0


PRONOUNS = ("(she/her)", "(he/him)", "(they/them)")


def split_identities(rng: Random, people: list[Person]) -> None:
    """About 40 % of the people also commit under other spellings and addresses (no .mailmap):
    their name lower-cased or without accents, with pronouns, a handle on the work address, the
    full name on a personal address. Contributor files list the work address only."""
    for i, p in enumerate(people):
        p.alias_name = p.alias_email = None
        if i == 0 or rng.random() >= 0.4:
            continue
        first, _, last = p.name.partition(" ")
        handle = (first[:1] + last.replace(" ", "")).lower() or first.lower()
        options = [f"{p.name.lower()} <{p.email}>", f"{ascii_fold(p.name)} {rng.choice(PRONOUNS)} <{p.email}>",
                   f"{ascii_fold(handle)} <{p.email}>", f"{p.name} <{p.slug.replace('-', '')}@home.example>"]
        p.variants = tuple(rng.sample(options, rng.randint(1, len(options))))


class OfficePicker:
    """Where a new person works. Up to LARGE people: one of the six offices, evenly. A larger
    company has an office per PEOPLE_PER_OFFICE people, sized as real ones are (the first,
    headquarters-like, far larger than the newest: weight 1/(rank+1))."""

    def __init__(self, rng: Random, count: int) -> None:
        self.rng = rng
        self.offices = sorted(OFFICES)
        self.weights: list[float] | None = None
        if count > LARGE:
            extra = min(len(MORE_OFFICES), count // PEOPLE_PER_OFFICE - len(OFFICES))
            self.offices = [*sorted(OFFICES), *list(MORE_OFFICES)[:max(0, extra)]]
            self.weights = [1 / (rank + 1) for rank in range(len(self.offices))]

    def pick(self) -> str:
        if self.weights is None:
            return self.rng.choice(self.offices)
        return self.rng.choices(self.offices, self.weights)[0]


def make_people(rng: Random, count: int, start: int, span: int) -> list[Person]:
    """``count`` people. Beyond LARGE, NAMESAKES of them share the name of an earlier colleague
    (as real companies have two Ana Silvas): each has their own e-mail, contributor file and a
    numbered slug (``ana-silva-2``)."""
    names: list[tuple[str, str | None, str, str]] = [(n, a, o, t) for n, a, o, t in FIXED_PEOPLE][:count]
    seen = {n for n, *_ in names}
    drawer = NameDrawer(rng, seen)
    offices = OfficePicker(rng, count)
    namesakes = int(count * NAMESAKES) if count > LARGE else 0
    while len(names) < count - namesakes:
        names.append((drawer.draw(), None, offices.pick(), rng.choice(sorted(TEAMS))))
    twins = set(rng.sample(range(len(FIXED_PEOPLE), len(names)), namesakes)) if namesakes else set()
    names += [(names[i][0], None, offices.pick(), rng.choice(sorted(TEAMS))) for i in sorted(twins)]
    twins |= set(range(count - namesakes, count))
    people: list[Person] = []
    slugs: set[str] = set()
    for i, (name, alias, office, team) in enumerate(names):
        slug = base = slugify(name) or f"person-{i}"
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        joins = start if i < max(3, count // 6) else start + int(span * 0.9 * rng.random() ** 1.5)
        person = Person(name, slug, f"{slug.replace('-', '.')}@example.com", office, team,
                        rng.choice(TEAMS[team][1]), joins, profile_file=i < 3 or rng.random() < 0.85 or i in twins)
        if i in twins:  # a namesake is told apart by their own contributor file, never by an alias
            people.append(person)
            continue
        if alias or rng.random() < 0.12:
            person.alias_name = alias or (ascii_fold(name) if ascii_fold(name) != name else name.split()[0])
            person.alias_email = f"{slug.split('-')[0]}.{i}@example.com"
        if i >= 3 and person.profile_file and rng.random() < 0.06:
            person.flags = (rng.choice(("leaderboard", "profile")),)
        people.append(person)
    return people


def profile_yaml(p: Person, rng: Random) -> bytes:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML scalar
    emails = [p.email] + ([p.alias_email] if p.alias_email and rng.random() < 0.5 else [])
    obj = rng.choice(OBJECTS[p.topic])
    lines = [f"name: {q(p.name)}", "emails:", *[f"  - {q(e)}" for e in emails],
             f"office: {q(p.office)}", f"team: {q(p.team)}", f"role: {q(p.role)}",
             f"bio: {q(f'{p.role} in the {p.office} office. Happy to help with {obj}.')}"]
    if p.alias_name and p.alias_name != p.name:
        lines += ["aliases:", f"  - {q(p.alias_name)}"]
    lines += [f"{flag}: false" for flag in p.flags]
    return ("\n".join(lines) + "\n").encode()


def mailmap(people: list[Person]) -> bytes:
    lines = ["# Canonical identities for people who committed under other names or emails."]
    for p in people:
        if p.alias_email:
            lines.append(f"{p.name} <{p.email}> {p.alias_name or p.name} <{p.alias_email}>")
    return ("\n".join(lines) + "\n").encode()


class AuthorPicker:
    """Long-tailed activity: person i has weight 1/(rank+1)^1.1; only people who joined may act."""

    def __init__(self, rng: Random, people: list[Person]) -> None:
        self.rng = rng
        ranks = list(range(len(people)))
        rng.shuffle(ranks)
        order = sorted(range(len(people)), key=lambda i: (people[i].joins, i))
        self.people = [people[i] for i in order]
        self.joins = [p.joins for p in self.people]
        total, self.cum = 0.0, []
        for i in order:
            total += 1.0 / (ranks[i] + 1) ** 1.1
            self.cum.append(total)

    def pick(self, when: int, exclude: Person | None = None) -> Person:
        n = max(1, bisect.bisect_right(self.joins, when))
        for _ in range(20):
            p = self.people[bisect.bisect_left(self.cum, self.rng.random() * self.cum[n - 1])]
            if p is not exclude:
                return p
        return next(p for p in self.people if p is not exclude)


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------

@dataclass
class Page:
    path: str  # repository path, docs/...
    title: str
    topic: str
    tags: tuple[str, ...]
    owner: str
    reviewed: str
    blocks: list[str] = field(default_factory=list)
    loose: bool = False  # two spaces after full stops: fixed by a whitespace-only reformat
    alive: bool = True
    creator: str = ""  # the slug of the person who wrote it (--truth)

    def render(self) -> bytes:
        head = ["---", f"title: {json.dumps(self.title, ensure_ascii=False)}", f"topic: {self.topic}",
                f"tags: [{', '.join(self.tags)}]", f"owner: {self.owner}", f"last_reviewed: {self.reviewed}",
                "---", "", f"# {self.title}", ""]
        body = "\n\n".join(self.blocks)
        if self.loose:
            body = body.replace(". ", ".  ")
        return ("\n".join(head) + body + "\n").encode()


class Writer:
    """Assembles prose from the word lists."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def fill(self, template: str, topic: str, office: str | None = None) -> str:
        r = self.rng
        obj = r.choice(OBJECTS[topic])
        office = office or r.choice(sorted(OFFICES))
        actor = r.choice(ACTORS)
        values = {"obj": obj, "Obj": cap(obj), "verb": r.choice(VERBS), "office": office,
                  "Office": office, "actor": actor, "Actor": cap(actor), "when": r.choice(WHEN),
                  "freq": r.choice(FREQ), "benefit": r.choice(BENEFITS),
                  "precondition": r.choice(PRECONDITIONS), "Adverb": r.choice(ADVERBS),
                  "period": r.choice(PERIODS), "channel": r.choice(CHANNELS),
                  "codename": r.choice(CODENAMES), "tool": r.choice(TOOLS[topic]),
                  "team": r.choice(sorted(TEAMS))}
        return template.format(**values)

    def title(self, topic: str) -> str:
        return self.fill(self.rng.choice(TITLE_TEMPLATES), topic)

    def paragraph(self, topic: str) -> str:
        text = " ".join(self.fill(self.rng.choice(SENTENCES), topic) for _ in range(self.rng.randint(2, 5)))
        return wrap(text, 88)

    def block(self, topic: str) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.55:
            return self.paragraph(topic)
        if kind < 0.7:
            return f"## {r.choice(SECTIONS)}"
        if kind < 0.88:
            items = [self.fill(r.choice(SENTENCES), topic) for _ in range(r.randint(3, 6))]
            marker = r.choice(("-", "1.", "- [ ]"))
            return "\n".join(f"{marker} {item}" for item in items)
        if topic in ("engineering", "data", "tools", "security") or kind < 0.9:
            svc = r.choice(SERVICES)
            lines = [r.choice(COMMANDS).format(svc=svc) for _ in range(r.randint(1, 3))]
            return "```bash\n" + "\n".join(lines) + "\n```"
        return f"!!! tip\n    {self.fill(r.choice(SENTENCES), topic)}"

    def page_blocks(self, topic: str) -> list[str]:
        return [self.paragraph(topic)] + [self.block(topic) for _ in range(self.rng.randint(2, 6))]

    def edit(self, page: Page, day: str) -> str:
        """Change a page in place; returns a verb phrase for the commit subject."""
        r = self.rng
        choice = r.random()
        if choice < 0.35 or len(page.blocks) < 2:
            if len(page.blocks) >= 12:
                del page.blocks[r.randrange(1, len(page.blocks))]
            page.blocks.insert(r.randint(1, len(page.blocks)), self.block(page.topic))
            return r.choice(("Expand", "Add a section to", "Add notes to"))
        if choice < 0.75:
            page.blocks[r.randrange(len(page.blocks))] = self.paragraph(page.topic)
            return r.choice(("Clarify", "Rewrite part of", "Update", "Improve wording in"))
        if choice < 0.9:
            i = r.randrange(len(page.blocks))
            page.blocks[i] = page.blocks[i] + f"\n- {self.fill(r.choice(SENTENCES), page.topic)}"
            return r.choice(("Add a tip to", "Extend the list in"))
        page.reviewed = day
        page.blocks[-1] = self.paragraph(page.topic)
        return r.choice(("Review", "Refresh"))


def png_bytes(seed: int) -> bytes:
    """A small deterministic 16x16 PNG (stored zlib blocks: identical bytes on every machine)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(v for x in range(16) for v in ((x * 16 + seed) % 256, y * 16, 160))
                    for y in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------------------------
# fast-import stream
# --------------------------------------------------------------------------------------------

Op = tuple  # ("M", path, data) | ("D", path) | ("R", old, new)


def quote(path: str) -> bytes:
    return b'"' + path.encode().replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


class FastImport:
    """One ``git fast-import`` process; commits are numbered by marks; shas via get-mark."""

    def __init__(self, repo: Path) -> None:
        self.proc = subprocess.Popen(["git", "-c", "core.compression=1", "fast-import", "--quiet", "--done"], cwd=repo,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: BinaryIO = self.proc.stdin
        self.stdout: BinaryIO = self.proc.stdout
        self.buf: list[bytes] = [b"feature done\nfeature get-mark\n"]
        self.size = 0
        self.marks = 0
        self.commits = 0

    def _put(self, data: bytes) -> None:
        self.buf.append(data)
        self.size += len(data)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        self.stdin.write(b"".join(self.buf))
        self.stdin.flush()
        self.buf, self.size = [], 0

    def commit(self, ref: str, author: str, when: tuple[int, str], message: str, ops: list[Op], *,
               committer: str | None = None, committed: tuple[int, str] | None = None,
               parent: int | None = None, merge: int | None = None) -> int:
        self.marks += 1
        self.commits += 1
        msg = message.encode()
        out = [f"commit {ref}\nmark :{self.marks}\n".encode(),
               f"author {author} {when[0]} {when[1]}\n".encode(),
               f"committer {committer or author} {(committed or when)[0]} {(committed or when)[1]}\n".encode(),
               b"data %d\n%s\n" % (len(msg), msg)]
        if parent is not None:
            out.append(b"from :%d\n" % parent)
        if merge is not None:
            out.append(b"merge :%d\n" % merge)
        for op in ops:
            if op[0] == "M":
                out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (quote(op[1]), len(op[2]), op[2]))
            elif op[0] == "D":
                out.append(b"D %s\n" % quote(op[1]))
            else:
                out.append(b"R %s %s\n" % (quote(op[1]), quote(op[2])))
        self._put(b"".join(out) + b"\n")
        return self.marks

    def sha(self, mark: int) -> str:
        self._put(b"get-mark :%d\n" % mark)
        self.flush()
        return self.stdout.readline().decode().strip()

    def close(self) -> None:
        self._put(b"done\n")
        self.flush()
        self.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError("git fast-import failed")


# --------------------------------------------------------------------------------------------
# The history
# --------------------------------------------------------------------------------------------

@dataclass
class Stats:
    docs_commits: int = 0
    merges: int = 0
    renames: int = 0
    deletions: int = 0
    reverts: int = 0
    reformats: int = 0
    trailers: dict[str, int] = field(default_factory=dict)


class Generator:
    def __init__(self, args: argparse.Namespace, fi: FastImport) -> None:
        self.rng = Random(args.seed)
        self.fi = fi
        self.n_commits: int = args.commits
        self.n_pages: int = args.pages
        self.start = END - int(args.years * 365 * DAY)
        self.people = make_people(self.rng, max(3, args.people), self.start, END - self.start)
        self.picker = AuthorPicker(self.rng, self.people)
        self.writer = Writer(self.rng)
        self.times = self._times(self.n_commits)
        self.pages: list[Page] = []
        self.paths: set[str] = set()
        self.pool: list[int] = []  # page indices, repeated by popularity
        self.topic_pool: dict[str, list[int]] = {t: [] for t in TOPICS}
        self.tip = 0
        self.pr = 100
        self.stats = Stats()
        self.owners = [p.slug for p in self.people if p.profile_file]
        self.joined: set[str] = set()
        self.ignore_revs: list[str] = []
        self.schedule: list[int] = []  # commit indices at which a page is created
        # Adopters: the folders the pages live in before docs/ (each moved into the next), the
        # commit indices of those moves, and every file under the docs folder (as docs/ paths).
        self.folders = ([""] if args.start_outside else []) + (["_pages/"] if args.renamed_docs_folder else [])
        self.move_at = [int(self.n_commits * (0.45 + 0.2 * k)) for k in range(len(self.folders))]
        self.tree: set[str] = set()
        self.import_at = int(self.n_commits * 0.72) if args.import_commit else -1
        self.code_share: float = args.code_share
        if args.split_identities:
            split_identities(self.rng, self.people)
        self.requirements = {name: 0 for name in RELEASES}  # package -> index of its pinned release

    # -- time and identity ---------------------------------------------------------------------

    def _times(self, n: int) -> list[int]:
        span, out = END - self.start, []
        while len(out) < n:
            t = self.start + int(self.rng.random() * span)
            if datetime.fromtimestamp(t, timezone.utc).weekday() < 5 or self.rng.random() < 0.15:
                out.append(t)
        return sorted(out)

    def now(self) -> int:
        return self.times[min(self.fi.commits, len(self.times) - 1)]

    def left(self) -> int:
        return self.n_commits - self.fi.commits

    @staticmethod
    def day(t: int) -> str:
        return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d")

    def trailer(self, key: str, person: Person) -> str:
        self.stats.trailers[key] = self.stats.trailers.get(key, 0) + 1
        if key == "Learned-from" and self.rng.random() < 0.2:
            return f"{key}: {person.alias_name or person.name}"  # a bare name
        return f"{key}: {person.contact(self.rng)}"

    def others(self, author: Person, k: int) -> list[Person]:
        out: list[Person] = []
        for _ in range(k):
            p = self.picker.pick(self.now(), exclude=author)
            if p not in out:
                out.append(p)
        return out

    # -- emitting -------------------------------------------------------------------------------

    def placed(self, path: str) -> str:
        """Where a docs/ path is in the repository now: before the moves, in an earlier folder."""
        if self.folders and path.startswith("docs/"):
            return self.folders[0] + path.removeprefix("docs/")
        return path

    def emit(self, author: str, tz: str, message: str, ops: list[Op], *, when: int | None = None,
             committer: str | None = None, ref: str = "refs/heads/main", parent: int | None = None,
             merge: int | None = None, authored: int | None = None) -> int:
        t = when if when is not None else self.now()
        touches = merge is not None or any(op[1].startswith("docs/") for op in ops)
        for op in ops:
            if op[0] == "M" and op[1].startswith("docs/"):
                self.tree.add(op[1])
            elif op[0] == "D":
                self.tree.discard(op[1])
            elif op[0] == "R":
                self.tree.discard(op[1])
                self.tree.add(op[2])
        if self.folders:
            ops = [("R", self.placed(op[1]), self.placed(op[2])) if op[0] == "R"  # type: ignore[misc]
                   else (op[0], self.placed(op[1]), *op[2:]) for op in ops]
        mark = self.fi.commit(ref, author, (authored or t, tz), message, ops, committer=committer,
                              committed=(t, tz if committer is None else "+0000"),
                              parent=self.tip if parent is None and self.tip else parent, merge=merge)
        self.stats.docs_commits += touches
        if ref == "refs/heads/main":
            self.tip = mark
        return mark

    def pick_page(self, author: Person | None = None) -> Page:
        pool = self.topic_pool[author.topic] if author and self.rng.random() < 0.6 else self.pool
        pool = pool or self.pool
        while True:
            page = self.pages[self.rng.choice(pool)]
            if page.alive:
                return page

    def new_page(self, author: Person, topic: str | None = None, path: str | None = None,
                 title: str | None = None) -> Page:
        r = self.rng
        topic = topic or (author.topic if r.random() < 0.5 else r.choice(TOPICS))
        for attempt in range(50):
            title = title or self.writer.title(topic)
            if path is None:
                folder = self.folder_for(topic)
                slug = slugify(title) + (f"-{attempt}" if attempt > 10 else "")
                candidate = f"{folder}{slug}.md"
            else:
                candidate = path
            if candidate not in self.paths:
                break
            title = None
        page = Page(candidate, title or "", topic, tuple(sorted(r.sample(TAGS, r.randint(1, 3)))),
                    r.choice(self.owners) if r.random() < 0.3 or not author.profile_file else author.slug,
                    self.day(self.now()), self.writer.page_blocks(topic), loose=r.random() < 0.3,
                    creator=author.slug)
        self.paths.add(page.path)
        index = len(self.pages)
        self.pages.append(page)
        weight = 1 + int(r.paretovariate(1.3)) if r.random() < 0.5 else 1
        self.pool.extend([index] * min(weight, 12))
        self.topic_pool[topic].extend([index] * min(weight, 12))
        return page

    def folder_for(self, topic: str) -> str:
        """Where a new page goes: mostly the topic's folder, a quarter in its subfolders. A large
        site (more than LARGE_SITE pages) nests as real ones do, nearly every page in a folder per
        subject (``engineering/code-review/``), so no folder holds more than a few hundred pages
        (git rewrites a folder's whole tree on every commit that touches it)."""
        r = self.rng
        if self.n_pages <= LARGE_SITE:
            return f"docs/{topic}/" + (f"{r.choice(SUBFOLDERS[topic])}/" if r.random() < 0.25 else "")
        if r.random() < 0.05:
            return f"docs/{topic}/"
        return f"docs/{topic}/{r.choice([*SUBFOLDERS[topic], *map(slugify, OBJECTS[topic])])}/"

    def join_ops(self, person: Person) -> list[Op]:
        """A person's profile file goes in with their first commit (as `committed join` does)."""
        if not person.profile_file or person.slug in self.joined:
            return []
        self.joined.add(person.slug)
        return [("M", f"contributors/{person.slug}.yml", profile_yaml(person, self.rng))]

    # -- events ---------------------------------------------------------------------------------

    def initial(self, extra: list[Op]) -> None:
        founder = self.people[0]
        ops: list[Op] = list(extra)
        if not any(p.variants for p in self.people):  # split identities: an adopter has no .mailmap
            ops.append(("M", ".mailmap", mailmap(self.people)))
        ops.append(("M", "requirements.txt", self.requirements_text()))
        ops.append(("M", "README.md", b"# Demo knowledge base\n\nGenerated by scripts/make_demo.py.\n"))
        home = Page("docs/index.md", "Welcome to the knowledge base", "onboarding", ("new-joiners",),
                    founder.slug, self.day(self.start),
                    ["Everything we know, written by the people who know it. Start with a topic below, "
                     "or search for a word.", "\n".join(f"- [{TOPIC_TITLES[t]}]({t}/index.md)" for t in TOPICS)],
                    creator=founder.slug)
        self.pages.append(home)
        for topic in TOPICS:
            self.new_page(founder, topic, f"docs/{topic}/index.md", TOPIC_TITLES[topic])
        self.paths.add(home.path)
        for p in self.people:
            if p.joins == self.start:
                ops += self.join_ops(p)
        ops += [("M", pg.path, pg.render()) for pg in self.pages]
        ops += about_pages(founder.slug)
        self.paths.update(ABOUT_PAGES)
        self.emit(founder.contact(self.rng, 0), founder.tz, "Start the knowledge base\n", ops)

    def requirements_text(self) -> bytes:
        pins = "".join(f"{k}=={RELEASES[k][i]}\n" for k, i in sorted(self.requirements.items()))
        return (b"# What this knowledge base's site needs (the Committed plugins come from the Committed\n"
                b"# repository: pip install -e /path/to/committed).\n" + pins.encode())

    def edit_ops(self, author: Person, pages: list[Page]) -> tuple[list[Op], str]:
        verb = ""
        for page in pages:
            verb = self.writer.edit(page, self.day(self.now()))
        subject = f"{verb} {pages[0].title}" + (f" and {len(pages) - 1} more" if len(pages) > 1 else "")
        return [("M", p.path, p.render()) for p in pages], subject

    def trailers_for(self, author: Person, keys: dict[str, float]) -> list[str]:
        lines = []
        for key, chance in keys.items():
            if self.rng.random() < chance:
                lines += [self.trailer(key, p) for p in self.others(author, 1 + (self.rng.random() < 0.2))]
        return lines

    def message(self, subject: str, trailers: list[str], body: str = "") -> str:
        parts = [subject] + ([body] if body else []) + (["\n".join(trailers)] if trailers else [])
        return "\n\n".join(parts) + "\n"

    def direct_edit(self, *, revertable: bool = False) -> None:
        author = self.picker.pick(self.now())
        k = 1 if revertable else 1 + (self.rng.random() < 0.3) + (self.rng.random() < 0.1)
        pages = self.distinct_pages(author, k)
        before = [replace(p, blocks=list(p.blocks)) for p in pages]
        ops, subject = self.edit_ops(author, pages)
        trailers = self.trailers_for(author, {"Co-authored-by": 0.12, "Reviewed-by": 0.1,
                                              "Acked-by": 0.04, "Learned-from": 0.08})
        web = self.rng.random() < 0.12
        if web:
            subject = f"Update {pages[0].path.rsplit('/', 1)[-1]}"
        mark = self.emit(author.contact(self.rng), author.tz, self.message(subject, trailers),
                         ops + self.join_ops(author), committer=GITHUB if web else None)
        if revertable and self.left() >= 2:
            self.revert(mark, subject, before, pages, again=self.stats.reverts == 0 and self.left() >= 3)

    def distinct_pages(self, author: Person, k: int, avoid: Collection[str] = ()) -> list[Page]:
        out: list[Page] = []
        for _ in range(k * 3):
            page = self.pick_page(author)
            if page not in out and page.path not in avoid and not page.path.endswith(".png"):
                out.append(page)
            if len(out) == k:
                break
        return out or [self.pick_page(author)]

    def revert(self, mark: int, subject: str, before: list[Page], pages: list[Page], again: bool) -> None:
        """Revert the commit ``mark`` (which changed ``pages`` from ``before``); maybe reapply it."""
        who = self.picker.pick(self.now())
        msg = f'Revert "{subject}"\n\nThis reverts commit {self.fi.sha(mark)}.\n'
        revert_mark = self.emit(who.contact(self.rng), who.tz, msg, [("M", p.path, p.render()) for p in before])
        self.stats.reverts += 1
        if again:  # the revert was wrong: revert the revert, bringing the change back
            msg2 = f'Revert "Revert "{subject}""\n\nThis reverts commit {self.fi.sha(revert_mark)}.\n'
            self.emit(who.contact(self.rng), who.tz, msg2, [("M", p.path, p.render()) for p in pages])
            self.stats.reverts += 1
        else:
            for page, old in zip(pages, before, strict=False):
                page.blocks, page.reviewed, page.loose = old.blocks, old.reviewed, old.loose

    def create(self) -> None:
        author = self.picker.pick(self.now())
        page = self.new_page(author)
        trailers = self.trailers_for(author, {"Co-authored-by": 0.15, "Learned-from": 0.1})
        self.emit(author.contact(self.rng), author.tz, self.message(f"Add {page.title}", trailers),
                  [("M", page.path, page.render())] + self.join_ops(author))

    def pull_request(self, squash: bool) -> None:
        r = self.rng
        author = self.picker.pick(self.now())
        pages = self.distinct_pages(author, 1 + (r.random() < 0.4))
        n_commits = 1 if squash else min(r.randint(1, 3), self.left() - 1)
        interleave = not squash and self.left() >= n_commits + 2 and r.random() < 0.5
        branch = slugify(pages[0].title)[:40]
        self.pr += 1
        subjects, parent = [], self.tip
        branch_pages = [replace(p, blocks=list(p.blocks)) for p in pages]
        first_time = self.now()
        for i in range(n_commits):
            sub_pages = branch_pages[: 1 + (i % len(branch_pages))]
            ops, subject = self.edit_ops(author, sub_pages)
            subjects.append(subject)
            if squash:
                break
            parent = self.emit(author.contact(r), author.tz, self.message(subject, []), ops,
                               ref="refs/heads/_pr", parent=parent)
        if interleave:
            other = self.picker.pick(self.now(), exclude=author)
            extra = self.distinct_pages(other, 1, avoid={p.path for p in pages})
            if extra[0].path not in {p.path for p in pages}:
                ops, subject = self.edit_ops(other, extra)
                self.emit(other.contact(r), other.tz, self.message(subject, []), ops)
        for page, edited in zip(pages, branch_pages, strict=False):
            page.blocks, page.reviewed = edited.blocks, edited.reviewed
        final = [("M", p.path, p.render()) for p in pages] + self.join_ops(author)
        title = subjects[0]
        if squash:
            co = self.others(author, 1 + (r.random() < 0.3))
            trailers = [self.trailer("Co-authored-by", p) for p in co]
            body = "\n".join(f"* {s}" for s in subjects + [f"Address review comments on {pages[0].title}"])
            self.emit(author.contact(r), author.tz, self.message(f"{title} (#{self.pr})", trailers, body),
                      final, committer=GITHUB, authored=first_time - 3600 * r.randint(1, 30))
            return
        reviewers = self.others(author, 1 + (r.random() < 0.3))
        trailers = [self.trailer("Reviewed-by", p) for p in reviewers]
        trailers.append(self.trailer("Approved-by", reviewers[0]))
        merger = reviewers[0]
        login = author.slug.split("-")[0]
        self.emit(merger.contact(r), merger.tz,
                  self.message(f"Merge pull request #{self.pr} from {login}/{branch}", trailers, title),
                  final, committer=GITHUB, merge=parent)
        self.stats.merges += 1

    def movable(self, author: Person) -> Page | None:
        for _ in range(20):
            page = self.pick_page(author)
            if not page.path.endswith("index.md"):
                return page
        return None

    def rename(self) -> None:
        author = self.picker.pick(self.now())
        page = self.movable(author)
        if page is None:
            return self.direct_edit()
        folder, _, name = page.path.rpartition("/")
        topic_dir = f"docs/{page.topic}"
        if folder == topic_dir and self.rng.random() < 0.5:
            new = f"{topic_dir}/{self.rng.choice(SUBFOLDERS[page.topic])}/{name}"
        else:
            new = f"{folder}/{slugify(page.title)}-{self.rng.choice(('guide', 'notes', 'howto', 'v2'))}.md"
        if new in self.paths:
            return self.direct_edit()
        old = page.path
        self.paths.discard(old)
        self.paths.add(new)
        page.path = new
        ops: list[Op] = [("R", old, new)]
        if self.rng.random() < 0.5:
            page.reviewed = self.day(self.now())
            ops.append(("M", new, page.render()))
        self.emit(author.contact(self.rng), author.tz, f"Move {old.removeprefix('docs/')} to {new.removeprefix('docs/')}\n", ops)
        self.stats.renames += 1

    def delete(self) -> None:
        author = self.picker.pick(self.now())
        page = self.movable(author)
        if page is None:
            return self.direct_edit()
        page.alive = False
        self.paths.discard(page.path)
        self.emit(author.contact(self.rng), author.tz, f"Remove outdated page: {page.title}\n", [("D", page.path)])
        bisect.insort(self.schedule, self.fi.commits + self.rng.randrange(100))  # someone writes a new one
        self.stats.deletions += 1

    def reformat(self) -> None:
        loose = [p for p in self.pages if p.alive and p.loose][:40]
        if not loose or self.left() < 2:
            return self.direct_edit()
        author = self.people[1 % len(self.people)]
        for p in loose:
            p.loose = False
        mark = self.emit(author.contact(self.rng, 0), author.tz,
                         "Normalise whitespace in Markdown pages\n\nOne space after full stops. No content changes.\n",
                         [("M", p.path, p.render()) for p in loose])
        self.ignore_revs.append(f"# Normalise whitespace ({self.day(self.now())})\n{self.fi.sha(mark)}\n")
        self.emit(author.contact(self.rng, 0), author.tz, "Ignore the whitespace reformat in git blame\n",
                  [("M", ".git-blame-ignore-revs", "".join(self.ignore_revs).encode())])
        self.stats.reformats += 1

    def bot(self) -> None:
        r = self.rng
        behind = sorted(k for k, i in self.requirements.items() if i + 1 < len(RELEASES[k]))
        if r.random() < 0.5 and behind:
            name = r.choice(behind)
            self.requirements[name] += 1
            version = RELEASES[name][self.requirements[name]]
            self.emit(BOTS["dependabot"], "+0000", f"Bump {name} to {version}\n\nBumps {name} to {version}.\n",
                      [("M", "requirements.txt", self.requirements_text())], committer=GITHUB)
        else:
            page = self.pages[1 + TOPICS.index("tools")]  # docs/tools/index.md
            page.reviewed = self.day(self.now())
            page.blocks[-1] = wrap(f"Supported client versions were last checked by Renovate on "
                                            f"{page.reviewed}: {r.choice(SERVICES)}-cli {r.randint(2, 9)}."
                                            f"{r.randint(0, 30)}.", 88)
            self.emit(BOTS["renovate"], "+0000", "chore(deps): update tool versions in the docs\n",
                      [("M", page.path, page.render())], committer=GITHUB)

    def move_folder(self) -> None:
        """Every file of the docs folder moves into the next folder (the last one is docs/): one
        commit of renames, by a bot for the final move (as an adopter's CI migration would)."""
        self.move_at.pop(0)
        old = self.folders.pop(0)
        new = self.folders[0] if self.folders else "docs/"
        ops: list[Op] = [("R", old + p.removeprefix("docs/"), new + p.removeprefix("docs/")) for p in sorted(self.tree)]
        author = BOTS["github-actions"] if new == "docs/" else self.people[0].contact(self.rng, 0)
        message = f"Move the pages from {old or 'the repository root'} to {new}\n"
        self.tip = self.fi.commit("refs/heads/main", author, (self.now(), "+0000"), message, ops,
                                  committed=(self.now(), "+0000"), parent=self.tip or None)
        self.stats.docs_commits += 1

    def truth(self) -> dict[str, object]:
        """What the generator knows: each human's identities, each page's true creator."""
        humans = [{"slug": p.slug, "name": p.name, "email": p.email, "file": p.profile_file,
                   "identities": sorted({f"{p.name} <{p.email}>", *p.variants,
                                         *([f"{p.alias_name or p.name} <{p.alias_email}>"] if p.alias_email else [])})}
                  for p in self.people]
        pages = {pg.path.removeprefix("docs/"): pg.creator for pg in self.pages if pg.alive and pg.path.endswith(".md")}
        return {"humans": humans, "pages": pages}

    def code_commit(self) -> None:
        """A commit to the code beside the docs (--code-share): src/, never docs/."""
        author = self.picker.pick(self.now())
        module = f"src/{self.rng.choice(TOPICS)}/module_{self.rng.randrange(40)}.py"
        body = "".join(f"value_{k} = {self.rng.randrange(10**6)}\n" for k in range(self.rng.randint(5, 40)))
        self.emit(author.contact(self.rng), author.tz, f"Update {module.removeprefix('src/')}\n",
                  [("M", module, body.encode())])

    def import_pages(self) -> None:
        """One commit imports a tenth of the pages (the old wiki): its author creates them all."""
        author = self.picker.pick(self.now())
        pages = [self.new_page(author) for _ in range(max(5, self.n_pages // 10))]
        self.emit(author.contact(self.rng), author.tz, f"Import {len(pages)} pages from the old wiki\n",
                  [("M", p.path, p.render()) for p in pages] + self.join_ops(author))

    def special(self, i: int) -> None:
        """Pages whose names contain spaces or non-ASCII, and the binary PNG."""
        author = self.picker.pick(self.now())
        if i < len(SPECIAL_FILES):
            topic, rel, title = SPECIAL_FILES[i]
            page = self.new_page(author, topic, f"docs/{topic}/{rel}", title)
            self.emit(author.contact(self.rng), author.tz, f"Add {title}\n", [("M", page.path, page.render())])
        else:
            self.emit(author.contact(self.rng), author.tz, "Add the office map image\n",
                      [("M", "docs/assets/office-map.png", png_bytes(i))])

    # -- the plan -------------------------------------------------------------------------------

    def run(self, extra: list[Op]) -> None:
        r = self.rng
        self.initial(extra)
        n = self.n_commits
        to_create = max(0, self.n_pages - len(self.pages) - len(SPECIAL_FILES))
        # a quarter of the pages early on, the rest spread over the years
        self.schedule = schedule = sorted([int(r.random() * n * 0.05) for _ in range(to_create // 4)]
                          + [int(n * (0.05 + 0.9 * r.random())) for _ in range(to_create - to_create // 4)])
        special_at = [int(n * f) for f in (0.2, 0.35, 0.5, 0.65)]
        reformat_at = spread(n, max(2, n // 3000), 0.5)
        revert_at = spread(n, max(2, n // 1000), 0.3)
        forced = [(int(n * 0.3), self.rename), (int(n * 0.7), self.delete)]  # at least one of each
        created = special = 0
        joiners = sorted((p for p in self.people if p.joins > self.start and p.profile_file), key=lambda p: p.joins)
        while self.left() > 0:
            i = self.fi.commits
            if self.move_at and i >= self.move_at[0]:
                self.move_folder()
                continue
            if i == self.import_at:
                self.import_pages()
                continue
            if created < len(schedule) and (schedule[created] <= i or len(schedule) - created >= self.left()):
                self.create()
                created += 1
                continue
            if self.code_share and r.random() < self.code_share:
                self.code_commit()
                continue
            if joiners and joiners[0].joins <= self.now() and joiners[0].slug not in self.joined:
                person = joiners.pop(0)
                self.emit(person.contact(self.rng, 0), person.tz, f"Add contributor profile for {person.name}\n",
                          self.join_ops(person))
                continue
            if joiners and joiners[0].slug in self.joined:
                joiners.pop(0)
                continue
            if special < len(special_at) and i >= special_at[special]:
                self.special(special)
                special += 1
                continue
            if reformat_at and i >= reformat_at[0]:
                reformat_at.pop(0)
                self.reformat()
                continue
            if revert_at and i >= revert_at[0]:
                revert_at.pop(0)
                self.direct_edit(revertable=True)
                continue
            if forced and i >= forced[0][0]:
                forced.pop(0)[1]()
                continue
            roll = r.random()
            if roll < 0.10 and self.left() >= 4:
                self.pull_request(squash=False)
            elif roll < 0.16:
                self.pull_request(squash=True)
            elif roll < 0.175:
                self.rename()
            elif roll < 0.178 + (0.004 if i > n // 2 else 0):
                self.delete()
            elif roll < 0.20:
                self.bot()
            else:
                self.direct_edit()


def spread(n: int, k: int, offset: float) -> list[int]:
    """k commit indices evenly spread over n commits."""
    return [int(n * (j + offset) / k) for j in range(k)]


# --------------------------------------------------------------------------------------------
# Files copied from the main repository
# --------------------------------------------------------------------------------------------

MINIMAL_MKDOCS = """site_name: {name}
docs_dir: docs
theme:
  name: material
  features:
    - navigation.sections
    - search.suggest
plugins:
  - search
markdown_extensions:
  - admonition
  - toc:
      permalink: true
"""


def config_files(site_name: str) -> list[Op]:
    src = REPO_ROOT / "mkdocs.yml"
    if src.is_file():
        lines = src.read_text("utf-8").splitlines(keepends=True)
        text = "".join(f"site_name: {site_name}\n" if ln.startswith("site_name:") else ln for ln in lines)
    else:
        text = MINIMAL_MKDOCS.format(name=site_name)
    ops: list[Op] = [("M", "mkdocs.yml", text.encode()),
                     ("M", ".gitignore", b"site/\n.cache/\n__pycache__/\n")]
    guidelines = REPO_ROOT / "guidelines.yml"
    if guidelines.is_file():
        ops.append(("M", "guidelines.yml", guidelines.read_bytes()))
    return ops


# The "About this knowledge base" section the README points to (how to contribute, how scores
# work, the configuration) and the pages it links to: this repository's own pages (not the topic
# indexes, which the demo has), owned by the demo's founder. The guidelines' topic `committed` and
# its exception are for these pages.
ABOUT_PAGES = tuple(sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "docs").glob("*/*.md")
                           if p.name != "index.md" or p.parent.name == "committed"))
ISSUE_TEMPLATE = ".github/ISSUE_TEMPLATE/page-request.yml"


def about_pages(owner: str) -> list[Op]:
    ops: list[Op] = []
    for rel in ABOUT_PAGES:
        src = REPO_ROOT / rel
        if src.is_file():
            text = src.read_text("utf-8")
            head, sep, body = text.partition("\n---\n")
            head = "\n".join(f"owner: {owner}" if ln.startswith("owner:") else ln for ln in head.splitlines())
            ops.append(("M", rel, (head + sep + body).encode()))
    if (REPO_ROOT / ISSUE_TEMPLATE).is_file():
        ops.append(("M", ISSUE_TEMPLATE, (REPO_ROOT / ISSUE_TEMPLATE).read_bytes()))
    return ops


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.autocrlf=false", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--commits", type=int, default=4000)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--years", type=float, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    adopter = parser.add_argument_group("what an adopter's repository brings")
    adopter.add_argument("--adopter", action="store_true", help="all four below")
    adopter.add_argument("--start-outside", action="store_true", help="pages start at the root, then move into docs/")
    adopter.add_argument("--renamed-docs-folder", action="store_true", help="pages start in _pages/, renamed to docs/")
    adopter.add_argument("--split-identities", action="store_true",
                         help="people commit under several e-mails and spellings; no .mailmap")
    adopter.add_argument("--import-commit", action="store_true", help="one commit imports a tenth of the pages")
    adopter.add_argument("--code-share", type=float, default=0.0, metavar="F",
                         help="this share of the commits change code (src/) only: docs/ is a small part")
    parser.add_argument("--truth", type=Path, metavar="FILE", help="write every page's true creator and every "
                        "human's identities as JSON")
    args = parser.parse_args(argv)
    if args.adopter:
        args.start_outside = args.renamed_docs_folder = args.split_identities = args.import_commit = True
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"make_demo: {out} exists and is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    if args.commits < 20 or args.pages < 15:
        print("make_demo: use at least --commits 20 and --pages 15", file=sys.stderr)
        return 2
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    git(out, "init", "-q", "-b", "main", "--template=")
    fi = FastImport(out)
    gen = Generator(args, fi)
    gen.run(config_files("Committed demo knowledge base"))
    fi.close()
    git(out, "update-ref", "-d", "refs/heads/_pr") if gen.stats.merges else None
    imported = time.perf_counter() - started
    git(out, "reset", "-q", "--hard", "main")
    if args.truth:
        args.truth.write_text(json.dumps(gen.truth(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    s = gen.stats
    alive = sum(p.alive for p in gen.pages)
    print(f"make_demo: {alive} pages, {fi.commits} commits ({s.docs_commits} touching docs, {s.merges} merges, "
          f"{s.renames} renames, {s.deletions} deletions, {s.reverts} reverts, {s.reformats} reformats), "
          f"{len(gen.people)} people ({len(gen.joined)} profiles) in {time.perf_counter() - started:.2f} s "
          f"(fast-import {imported:.2f} s) -> {out}")
    if len(gen.people) > LARGE:
        offices = len({p.office for p in gen.people})
        names = [p.name for p in gen.people]
        print(f"make_demo: a large company: {offices} offices, {len(names) - len(set(names))} people share a "
              f"colleague's name (numbered slugs such as {next(p.slug for p in gen.people if p.slug[-2:] == '-2')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
