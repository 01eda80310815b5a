#!/usr/bin/env python3
"""Regenerates Data/blocklists/{docker,palantir}.json from the project's seed documents.

Usage: Scripts/extract-blocklists.py [SEEDS_DIR]   (default: ../shared/seeds)

- docker:   seed 003, the table "Significant syscalls blocked by the default profile" (Docker docs, first copy).
- palantir: seed 001, the English "Container restrictions" table (Palantir platform docs).
Reasons are kept verbatim except for whitespace and the typography of quotes/dashes noted below.
Entries whose block depends on arguments (Docker documents them with the allowed variants) say so in
"arguments"; for clone the blocked namespace flags are also given as "blockedFlags", so the linter can tell
which flags an allowing rule's argument filter lets through; for socket and personality the argument values the
text names are given as "blockedValues" (socket: every family except those listed; personality: PER_BSD).
Docker's own gates ("Also gated by CAP_X", "Already gated by CAP_X", "already blocked by dropping CAP_X") become
"gatedBy": allowing the syscall only to containers with that capability is what Docker documents. The docs
spell CAP_SYS_PTRACE as "CAP_PTRACE"; the capability's real name is recorded.
"""
import json
import pathlib
import re
import sys

seeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
out = pathlib.Path(__file__).resolve().parent.parent / "Data" / "blocklists"

ARGUMENTS = {
    "clone": "only with namespace flags (CLONE_NEW*) or without CAP_SYS_ADMIN",
    "socket": "only for address families other than AF_UNIX, AF_INET, AF_INET6, AF_NETLINK and AF_PACKET",
    "personality": "only for the BSD persona (PER_BSD)",
}


# include/uapi/linux/sched.h: the namespace flags clone(2) accepts (CLONE_NEWTIME is 0x80, inside CSIGNAL, and
# only reachable through clone3 and unshare). On s390 and s390x the flags are clone's second argument
# (CONFIG_CLONE_BACKWARDS2, kernel/fork.c).
BLOCKED_FLAGS = {
    "clone": {
        "index": 0,
        "indexOnArches": {"s390": 1, "s390x": 1},
        "flags": {
            "CLONE_NEWNS": 0x00020000,
            "CLONE_NEWCGROUP": 0x02000000,
            "CLONE_NEWUTS": 0x04000000,
            "CLONE_NEWIPC": 0x08000000,
            "CLONE_NEWUSER": 0x10000000,
            "CLONE_NEWPID": 0x20000000,
            "CLONE_NEWNET": 0x40000000,
        },
    },
}

# The argument values Docker's text names for the entries it blocks only for some arguments, read from the text
# itself (a phrase that disappears from the seed makes this script fail instead of guessing):
# - socket: "blocked except communication domains AF_UNIX, …": the address families it lets through, valued from
#   include/linux/socket.h;
# - personality: "Prevent container from enabling BSD emulation": the persona PER_BSD (include/uapi/linux/
#   personality.h: PER_BSD 0x0006, compared in the persona byte PER_MASK 0x00ff).
ADDRESS_FAMILIES = {"AF_UNIX": 1, "AF_INET": 2, "AF_INET6": 10, "AF_NETLINK": 16, "AF_PACKET": 17}
PERSONAS = {"BSD emulation": ("PER_BSD", 0x0006)}
PER_MASK = 0x00FF


def blocked_values(name, reason):
    if name == "socket":
        match = re.search(r"blocked except communication domains ((?:AF_[A-Z0-9]+(?:, (?:and )?)?)+)", reason)
        if not match:
            sys.exit("socket: the seed no longer says which address families are let through")
        families = re.findall(r"AF_[A-Z0-9]+", match.group(1))
        unknown = [f for f in families if f not in ADDRESS_FAMILIES]
        if unknown:
            sys.exit(f"socket: no value for {unknown} (add it from include/linux/socket.h)")
        # socketcall's arguments are the subcall and a pointer: the family is out of the filter's sight.
        return {"syscalls": ["socket"], "index": 0, "except": {f: ADDRESS_FAMILIES[f] for f in families}}
    if name == "personality":
        found = [PERSONAS[p] for p in PERSONAS if p in reason]
        if not found:
            sys.exit("personality: the seed no longer says which persona is blocked")
        return {"syscalls": ["personality"], "index": 0, "mask": PER_MASK, "values": dict(found)}
    return None


# Docker's documentation spells CAP_SYS_PTRACE "CAP_PTRACE".
CAPABILITY_SPELLING = {"CAP_PTRACE": "CAP_SYS_PTRACE"}


def gates(reason):
    found = re.findall(r"(?:gated by|blocked by dropping) (CAP_[A-Z_]+)", reason, re.I)
    return sorted({CAPABILITY_SPELLING.get(cap, cap) for cap in found})


def clean(text):
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2013", "--")).strip()


def docker():
    lines = (seeds / "003_5ecfaca04074f609.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("Syscall Description") + 1
    entries = []
    for line in lines[start:]:
        match = re.match(r"^([a-z0-9_]+(?:, [a-z0-9_]+)*) (.+)$", line)
        if not match:
            break
        names = match.group(1).split(", ")
        entry = {"names": names, "reason": clean(match.group(2))}
        if names[0] in ARGUMENTS:
            entry["arguments"] = ARGUMENTS[names[0]]
        if gates(entry["reason"]):
            entry["gatedBy"] = gates(entry["reason"])
        if names[0] in BLOCKED_FLAGS:
            entry["blockedFlags"] = BLOCKED_FLAGS[names[0]]
        if names[0] in ARGUMENTS and names[0] not in BLOCKED_FLAGS:
            entry["blockedValues"] = blocked_values(names[0], entry["reason"])
        entries.append(entry)
    return {
        "schemaVersion": 1,
        "name": "docker",
        "title": "Syscalls Docker documents as blocked by its default seccomp profile",
        "source": "Docker documentation, 'Significant syscalls blocked by the default profile' "
        "(docs.docker.com/engine/security/seccomp/), as collected in the seclint seeds",
        "syscalls": entries,
    }


def palantir():
    text = (seeds / "001_5c654054b7d21bc4.txt").read_text(encoding="utf-8")
    entries = []
    for match in re.finditer(r"^([A-Z0-9_]+) \u2197(.+)$", text, re.M):
        entries.append({"names": [match.group(1).lower()], "reason": clean(match.group(2))})
    return {
        "schemaVersion": 1,
        "name": "palantir",
        "title": "Syscalls the Palantir platform blocks in containers",
        "source": "Palantir platform documentation, 'Container restrictions', as collected in the seclint seeds",
        "syscalls": entries,
    }


for blocklist in (docker(), palantir()):
    path = out / f"{blocklist['name']}.json"
    path.write_text(json.dumps(blocklist, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(out.parent.parent)}: {len(blocklist['syscalls'])} entries")
