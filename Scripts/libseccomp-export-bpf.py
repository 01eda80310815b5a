#!/usr/bin/python3.11
"""The BPF program the real libseccomp (Debian's python3-seccomp) exports for a Docker profile on a target, for
seclint's byte-identity tests of its own compiler (Sources/BPF).

It builds the filter exactly as Scripts/runc-oracle.py does (moby's stage, runc's InitSeccomp, same arch and rule
order) and writes `seccomp_export_bpf`'s bytes as hex: runc's ENOSYS stub is NOT included.

stdin (JSON): {"batch": [{"profileText": JSON text, "target": {"arch": ..., "native": ..., "caps": [...],
  "kernel": [5, 4], "runtime": "runc"}}, ...]}
stdout (JSON): {"answers": [{"status": "enforced"|"unconfined"|"refused", "message": str, "hex": str}, ...]}
Exit 3 when the python3-seccomp bindings are missing.
"""
import importlib.util
import json
import os
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("runc_oracle", os.path.join(here, "runc-oracle.py"))
oracle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oracle)  # exits 3 itself when python3-seccomp is missing


def export(request):
    answer = {"status": "enforced", "message": "", "hex": ""}
    try:
        profile = json.loads(request["profileText"])
        oci = oracle.moby(profile, request["target"]) if isinstance(profile, dict) else None
        if oci is None or (not oci["defaultAction"] and not oci["syscalls"]):
            answer["status"] = "unconfined"
            return answer
        f, _, _ = oracle.build_filter(oci, request["target"])
    except oracle.Refused as error:
        answer["status"], answer["message"] = "refused", str(error)
        return answer
    with tempfile.TemporaryFile() as handle:
        f.export_bpf(handle)
        handle.seek(0)
        answer["hex"] = handle.read().hex()
    return answer


def main():
    request = json.load(sys.stdin)
    print(json.dumps({"answers": [export(one) for one in request["batch"]]}))


if __name__ == "__main__":
    main()
