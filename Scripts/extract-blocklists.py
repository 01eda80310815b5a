#!/usr/bin/env python3
"""Regenerates Data/blocklists/{docker,palantir}.json from the project's seed documents.

Usage: Scripts/extract-blocklists.py [SEEDS_DIR]   (default: ../shared/seeds)

- docker:   seed 003, the table "Significant syscalls blocked by the default profile" (Docker docs, first copy).
- palantir: seed 001, the English "Container restrictions" table (Palantir platform docs).
Reasons are kept verbatim except for whitespace and the typography of quotes/dashes noted below.
Entries whose block depends on arguments (Docker documents them with the allowed variants) say so in
"arguments"; for clone the blocked namespace flags are also given as "blockedFlags", so the linter can tell
which flags an allowing rule's argument filter lets through.
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
    "personality": "except the personas Docker allows (PER_LINUX, PER_LINUX32, UNAME26 and with 0xffffffff)",
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
