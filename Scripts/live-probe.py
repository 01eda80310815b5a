#!/usr/bin/python3.11
"""Loads the filter runc + the real libseccomp would build into THIS kernel (in a forked child) and makes syscalls.

stdin (JSON): {"profileText": JSON text, "target": {...as runc-oracle.py...}, "probes": [{"nr": 135, "args": [8]}]}
stdout (JSON): {"status": "enforced"|"unconfined"|"refused", "message": str, "results": [{"errno": 0|n}, ...]}
A filter the kernel (or libseccomp) refuses to load gives status "refused" with "load failed: <the bindings' error>" (libseccomp 2.5.4 reports a kernel refusal as
-ECANCELED, -125).
Only the host's native ABI can be probed (the child calls syscall(2)); runc's ENOSYS stub is not added, so use
profiles whose default action is ALLOW/LOG or probes below the stub. Actions that kill end the child: use ERRNO.
"""
import ctypes
import importlib.util
import json
import os
import struct
import sys

spec = importlib.util.spec_from_file_location("oracle", os.path.join(os.path.dirname(__file__), "runc-oracle.py"))
oracle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oracle)


def main():
    request = json.load(sys.stdin)
    target = request["target"]
    profile = json.loads(request["profileText"])
    try:
        oci = oracle.moby(profile, target)
        if oci is None:
            print(json.dumps({"status": "unconfined", "message": "", "results": []}))
            return
        f, _, _ = oracle.build_filter(oci, target)
    except oracle.Refused as error:
        print(json.dumps({"status": "refused", "message": str(error), "results": []}))
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        try:
            f.load()
        except Exception as error:  # RuntimeError("Library error (errno = -125)") from the bindings
            # The kernel (or libseccomp) refused the filter: report it instead of probing.
            os.write(write_end, json.dumps({"loadError": str(error)}).encode())
            os._exit(0)
        out = []
        for probe in request["probes"]:
            args = [ctypes.c_ulong(a) for a in (probe["args"] + [0] * 6)[:6]]
            ctypes.set_errno(0)
            rc = libc.syscall(ctypes.c_long(probe["nr"]), *args)
            out.append({"errno": ctypes.get_errno() if rc == -1 else 0})
        os.write(write_end, json.dumps(out).encode())
        os._exit(0)
    os.close(write_end)
    data = b""
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    answer = json.loads(data or b"[]")
    if isinstance(answer, dict):
        print(json.dumps({"status": "refused", "message": f"load failed: {answer['loadError']}", "results": []}))
        return
    print(json.dumps({"status": "enforced", "message": "", "results": answer}))


if __name__ == "__main__":
    main()
