#!/usr/bin/python3.11
"""What runc + libseccomp really enforce for a Docker seccomp profile, for seclint's tests.

It re-does moby's setupSeccomp and runc's InitSeccomp in a few lines, but lets the *real* libseccomp
(Debian's python3-seccomp, for /usr/bin/python3.11) build the filter and export its BPF, prepends runc's
ENOSYS stub logic (ported from runc libcontainer/seccomp/patchbpf/enosys_linux.go) and runs the program in a
small classic-BPF interpreter for each probe. No seclint code is involved.

stdin (JSON): one request, or {"batch": [request, ...]} answered by {"answers": [answer, ...]}; a request names
its profile by "profile": PATH or carries it as "profileText": JSON text.
  {"profile": PATH, "target": {"arch": "SCMP_ARCH_X86_64", "native": "amd64", "caps": [...],
   "kernel": [5, 4], "runtime": "runc"}, "probes": [{"abi": "SCMP_ARCH_X86", "nr": 102, "args": [1,0,0,0,0,0]}]}
stdout (JSON):
  {"status": "enforced"|"unconfined"|"refused", "message": str, "arches": [...], "stubMax": {TOKEN: n},
   "results": [{"action": "SCMP_ACT_ERRNO", "errno": 1}, ...]}
Exit 3 when the python3-seccomp bindings are missing.
"""
import ctypes
import json
import os
import struct
import sys
import tempfile

try:
    import seccomp
except ImportError:
    print("python3-seccomp is not installed (apt-get install python3-seccomp)", file=sys.stderr)
    sys.exit(3)

lib = ctypes.CDLL("libseccomp.so.2")
lib.seccomp_arch_resolve_name.argtypes = [ctypes.c_char_p]
lib.seccomp_arch_resolve_name.restype = ctypes.c_uint32
lib.seccomp_syscall_resolve_name_arch.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
lib.seccomp_syscall_resolve_name_arch.restype = ctypes.c_int

# OCI token -> (python Arch, libseccomp name, AUDIT_ARCH value, big endian)
ARCHES = {
    "SCMP_ARCH_X86": ("X86", "x86", 0x40000003, False),
    "SCMP_ARCH_X86_64": ("X86_64", "x86_64", 0xC000003E, False),
    "SCMP_ARCH_X32": ("X32", "x32", 0xC000003E, False),
    "SCMP_ARCH_ARM": ("ARM", "arm", 0x40000028, False),
    "SCMP_ARCH_AARCH64": ("AARCH64", "aarch64", 0xC00000B7, False),
    "SCMP_ARCH_MIPS": ("MIPS", "mips", 0x00000008, True),
    "SCMP_ARCH_MIPS64": ("MIPS64", "mips64", 0x80000008, True),
    "SCMP_ARCH_MIPS64N32": ("MIPS64N32", "mips64n32", 0xA0000008, True),
    "SCMP_ARCH_MIPSEL": ("MIPSEL", "mipsel", 0x40000008, False),
    "SCMP_ARCH_MIPSEL64": ("MIPSEL64", "mipsel64", 0xC0000008, False),
    "SCMP_ARCH_MIPSEL64N32": ("MIPSEL64N32", "mipsel64n32", 0xE0000008, False),
    "SCMP_ARCH_PPC": ("PPC", "ppc", 0x00000014, True),
    "SCMP_ARCH_PPC64": ("PPC64", "ppc64", 0x80000015, True),
    "SCMP_ARCH_PPC64LE": ("PPC64LE", "ppc64le", 0xC0000015, False),
    "SCMP_ARCH_S390": ("S390", "s390", 0x00000016, True),
    "SCMP_ARCH_S390X": ("S390X", "s390x", 0x80000016, True),
    "SCMP_ARCH_RISCV64": ("RISCV64", "riscv64", 0xC00000F3, False),
}
RUNC_ARCHES = set(ARCHES) | {"SCMP_ARCH_LOONGARCH64"}
NATIVE_TO_SECCOMP = {"x86", "amd64", "arm", "arm64", "loong64", "mips64", "mips64n32", "mipsel64",
                     "mips3l64n32", "mipsle", "ppc", "ppc64", "ppc64le", "riscv64", "s390", "s390x"}
OPS = {"SCMP_CMP_NE": seccomp.NE, "SCMP_CMP_LT": seccomp.LT, "SCMP_CMP_LE": seccomp.LE,
       "SCMP_CMP_EQ": seccomp.EQ, "SCMP_CMP_GE": seccomp.GE, "SCMP_CMP_GT": seccomp.GT,
       "SCMP_CMP_MASKED_EQ": seccomp.MASKED_EQ}
ACTIONS = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
           "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}


class Refused(Exception):
    pass


def action_key(token, errno_ret):
    """runc getAction, as a comparable key."""
    errno = (errno_ret & 0xFFFF) if errno_ret is not None else 1
    if token in ("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD"):
        return ("KILL_THREAD", None)
    if token in ("SCMP_ACT_ERRNO", "SCMP_ACT_TRACE"):
        return (token, errno)
    return (token, None)


def py_action(key):
    token, errno = key
    return {"KILL_THREAD": lambda: seccomp.KILL, "SCMP_ACT_KILL_PROCESS": lambda: seccomp.KILL_PROCESS,
            "SCMP_ACT_TRAP": lambda: seccomp.TRAP, "SCMP_ACT_ERRNO": lambda: seccomp.ERRNO(errno),
            "SCMP_ACT_TRACE": lambda: seccomp.TRACE(errno), "SCMP_ACT_ALLOW": lambda: seccomp.ALLOW,
            "SCMP_ACT_LOG": lambda: seccomp.LOG, "SCMP_ACT_NOTIFY": lambda: seccomp.NOTIFY}[token]()


def kernel_tuple(text):
    if text == "":
        return (0, 0)
    parts = text.split(".")
    if len(parts) != 2 or not all(p.isdigit() and int(p) <= 255 for p in parts) or text == "0.0":
        raise Refused(f"invalid kernel version {text!r}")
    return (int(parts[0]), int(parts[1]))


def moby(profile, target):
    """moby setupSeccomp: returns (oci dict) or None for unconfined."""
    rules = profile.get("syscalls") or []
    if not profile.get("defaultAction") and not rules:
        return None
    if profile.get("architectures") and profile.get("archMap"):
        raise Refused("both 'architectures' and 'archMap'")
    native = target["native"]
    caps = set(target["caps"])
    kernel = tuple(target["kernel"])
    arches = profile.get("architectures") or []
    if not arches and native in NATIVE_TO_SECCOMP:
        for entry in profile.get("archMap") or []:
            if entry.get("architecture") == target["arch"]:
                arches = [entry["architecture"]] + (entry.get("subArchitectures") or [])
                break
    kept = []
    for rule in rules:
        if rule.get("name") and rule.get("names"):
            raise Refused("both 'name' and 'names'")
        ex, inc = rule.get("excludes") or {}, rule.get("includes") or {}
        if ex.get("arches") and native in ex["arches"]:
            continue
        if ex.get("caps") and any(c in caps for c in ex["caps"]):
            continue
        if ex.get("minKernel") is not None and kernel >= kernel_tuple(ex["minKernel"]):
            continue
        if inc.get("arches") and native not in inc["arches"]:
            continue
        if inc.get("caps") and any(c not in caps for c in inc["caps"]):
            continue
        if inc.get("minKernel") is not None and kernel < kernel_tuple(inc["minKernel"]):
            continue
        names = rule.get("names") or ([rule["name"]] if rule.get("name") else [])
        kept.append({"names": names, "action": rule.get("action") or "", "errnoRet": rule.get("errnoRet"),
                     "args": rule.get("args") or []})
    return {"defaultAction": profile.get("defaultAction") or "", "defaultErrnoRet": profile.get("defaultErrnoRet"),
            "architectures": arches, "syscalls": kept}


def build_filter(oci, target):
    """runc SetupSeccomp + InitSeccomp with the real libseccomp; returns (filter, arch tokens, default key)."""
    for arch in oci["architectures"]:
        if arch not in RUNC_ARCHES:
            raise Refused(f"string {arch} is not a valid arch for seccomp")
    if oci["defaultAction"] not in ACTIONS:
        raise Refused(f"string {oci['defaultAction']} is not a valid action for seccomp")
    for rule in oci["syscalls"]:
        if rule["action"] not in ACTIONS:
            raise Refused(f"string {rule['action']} is not a valid action for seccomp")
        for arg in rule["args"]:
            if arg.get("op") not in OPS:
                raise Refused(f"string {arg.get('op')} is not a valid operator for seccomp")
    default = action_key(oci["defaultAction"], oci["defaultErrnoRet"])
    try:
        f = seccomp.SyscallFilter(defaction=py_action(default))
    except Exception as error:
        raise Refused(f"invalid default action: {error}")
    f.remove_arch(seccomp.Arch.NATIVE)
    arches = [target["arch"]] + [a for a in oci["architectures"] if a != target["arch"]]
    seen = []
    for arch in arches:
        if arch in seen:
            continue
        seen.append(arch)
        if arch not in ARCHES:
            raise Refused(f"{arch} unsupported by this libseccomp")
        try:
            f.add_arch(getattr(seccomp.Arch, ARCHES[arch][0]))
        except Exception as error:
            raise Refused(f"error adding architecture to seccomp filter: {error}")
    for rule in oci["syscalls"]:
        key = action_key(rule["action"], rule["errnoRet"])
        for name in rule["names"]:
            if name == "":
                raise Refused("empty string is not a valid syscall")
            if key == default:
                continue
            if lib.seccomp_syscall_resolve_name_arch(0, name.encode()) == -1:
                continue  # unknown to libseccomp: runc ignores it
            conds = [(a.get("index", 0), OPS[a["op"]], a.get("value", 0), a.get("valueTwo", 0)) for a in rule["args"]]
            if any(c[0] > 5 for c in conds):
                raise Refused("syscalls only have up to 6 arguments")
            indexes = [c[0] for c in conds]
            chains = [conds] if len(set(indexes)) == len(indexes) else [[c] for c in conds]
            for chain in chains:
                try:
                    f.add_rule(py_action(key), name, *[seccomp.Arg(*c) for c in chain])
                except Exception as error:
                    raise Refused(f"error adding seccomp filter rule for syscall {name}: {error}")
    return f, seen, default


def stub_maxima(oci, arches):
    """runc findLastSyscalls over every rule name runc received."""
    names = {n for rule in oci["syscalls"] for n in rule["names"]}
    maxima = {}
    for arch in arches:
        token = lib.seccomp_arch_resolve_name(ARCHES[arch][1].encode())
        largest = max([lib.seccomp_syscall_resolve_name_arch(token, n.encode()) for n in names] + [0])
        if largest > 0:
            maxima[arch] = largest
    return maxima


def stub_result(maxima, abi, nr):
    """The ENOSYS stub for (abi, nr): 'ENOSYS' or None (fall through to the filter)."""
    audit = ARCHES[abi][2]
    section = {a: m for a, m in maxima.items() if ARCHES[a][2] == audit}
    if not section:
        return None
    if len(section) == 2:  # x86_64 + x32
        limit = section["SCMP_ARCH_X32"] if nr & (1 << 30) else section["SCMP_ARCH_X86_64"]
        return "ENOSYS" if nr > limit else None
    (arch, limit), = section.items()
    if arch in ("SCMP_ARCH_S390", "SCMP_ARCH_S390X") and nr == 0:
        return "ENOSYS"
    if audit == 0xC000003E:
        in_x32_mode = bool(nr & (1 << 30))
        if (arch == "SCMP_ARCH_X86_64") == in_x32_mode:
            return None  # the other mode jumps over this section
    return "ENOSYS" if nr > limit else None


def run_bpf(program, data):
    """A classic BPF interpreter for the instructions libseccomp emits."""
    a = x = 0
    mem = [0] * 16
    pc = 0
    while pc < len(program):
        code, jt, jf, k = program[pc]
        pc += 1
        cls = code & 0x07
        if cls == 0x00:  # LD
            mode = code & 0xE0
            if mode == 0x20:  # ABS, word
                a = struct.unpack_from(data["fmt32"], data["bytes"], k)[0]
            elif mode == 0x60:
                a = mem[k]
            elif mode == 0x00:
                a = k
            else:
                raise ValueError(f"ld mode {code:#x}")
        elif cls == 0x01:  # LDX
            x = mem[k] if (code & 0xE0) == 0x60 else k
        elif cls == 0x02:
            mem[k] = a
        elif cls == 0x03:
            mem[k] = x
        elif cls == 0x04:  # ALU
            op, src = code & 0xF0, (x if code & 0x08 else k)
            a = {0x00: a + src, 0x10: a - src, 0x50: a & src, 0x40: a | src, 0xA0: a ^ src,
                 0x60: a << src, 0x70: a >> src}.get(op, None) if op != 0x80 else (-a)
            if a is None:
                raise ValueError(f"alu {code:#x}")
            a &= 0xFFFFFFFF
        elif cls == 0x05:  # JMP
            op, src = code & 0xF0, (x if code & 0x08 else k)
            if op == 0x00:
                pc += k
                continue
            taken = {0x10: a == src, 0x20: a > src, 0x30: a >= src, 0x40: (a & src) != 0}[op]
            pc += jt if taken else jf
        elif cls == 0x06:  # RET
            return a if code & 0x10 else k
        elif cls == 0x07:
            if code & 0xF8 == 0x00:
                x = a
            else:
                a = x
    raise ValueError("fell off the program")


def seccomp_data(abi, nr, args):
    big = ARCHES[abi][3]
    order = ">" if big else "<"
    raw = struct.pack(order + "IIQ6Q", nr & 0xFFFFFFFF, ARCHES[abi][2], 0, *[v & (2**64 - 1) for v in args])
    return {"bytes": raw, "fmt32": order + "I"}


RETURNS = {0x80000000: "SCMP_ACT_KILL_PROCESS", 0x00000000: "SCMP_ACT_KILL_THREAD", 0x00030000: "SCMP_ACT_TRAP",
           0x00050000: "SCMP_ACT_ERRNO", 0x7FC00000: "SCMP_ACT_NOTIFY", 0x7FF00000: "SCMP_ACT_TRACE",
           0x7FFC0000: "SCMP_ACT_LOG", 0x7FFF0000: "SCMP_ACT_ALLOW"}


def main():
    request = json.load(sys.stdin)
    if "batch" in request:
        print(json.dumps({"answers": [answer_one(one) for one in request["batch"]]}))
    else:
        print(json.dumps(answer_one(request)))


def answer_one(request):
    target = request["target"]
    if "profileText" in request:
        profile = json.loads(request["profileText"])
    else:
        with open(request["profile"], encoding="utf-8") as handle:
            profile = json.load(handle)
    answer = {"status": "enforced", "message": "", "arches": [], "stubMax": {}, "results": []}
    try:
        oci = moby(profile, target) if isinstance(profile, dict) else None
        if oci is None or (not oci["defaultAction"] and not oci["syscalls"]):
            answer["status"] = "unconfined"
            return answer
        f, arches, default = build_filter(oci, target)
    except Refused as error:
        answer["status"], answer["message"] = "refused", str(error)
        return answer
    answer["arches"] = arches
    stub = (target["runtime"] == "runc" and default[0] not in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE")
            and oci["defaultErrnoRet"] != 0x50026)
    maxima = stub_maxima(oci, arches) if stub else {}
    answer["stubMax"] = maxima
    enosys = 89 if ARCHES[target["arch"]][1].startswith("mips") else 38
    with tempfile.TemporaryFile() as handle:
        f.export_bpf(handle)
        handle.seek(0)
        raw = handle.read()
    # libseccomp writes the program in the filter's byte order (gen_bpf.c `_htot16`/`_htot32`).
    order = ">" if ARCHES[target["arch"]][3] else "<"
    program = [struct.unpack_from(order + "HBBI", raw, i) for i in range(0, len(raw), 8)]
    if order == ">":
        # Exported on this little-endian host for a big-endian filter, libseccomp 2.5.4 leaves some RET
        # constants in host order; put them back (a real s390x/ppc64 host never sees this).
        def fix(insn):
            code, jt, jf, k = insn
            swapped = struct.unpack("<I", struct.pack(">I", k))[0]
            suspicious = (k & 0xFFFF0000) not in RETURNS or (k & 0xFFFF0000 == 0 and k != 0)
            if code == 0x06 and suspicious and (swapped & 0xFFFF0000) in RETURNS:
                return (code, jt, jf, swapped)
            return insn
        program = [fix(insn) for insn in program]
    for probe in request["probes"]:
        if stub and stub_result(maxima, probe["abi"], probe["nr"]) == "ENOSYS":
            answer["results"].append({"action": "SCMP_ACT_ERRNO", "errno": enosys})
            continue
        ret = run_bpf(program, seccomp_data(probe["abi"], probe["nr"], probe["args"]))
        action = RETURNS.get(ret & 0xFFFF0000, hex(ret))
        errno = ret & 0xFFFF if action in ("SCMP_ACT_ERRNO", "SCMP_ACT_TRACE") else None
        answer["results"].append({"action": action, "errno": errno})
    return answer


if __name__ == "__main__":
    main()
