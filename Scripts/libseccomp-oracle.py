#!/usr/bin/env python3
"""Ask the installed libseccomp (libseccomp.so.2, via ctypes) how it resolves syscall names and numbers.

This calls exactly what `scmp_sys_resolver -a ARCH NAME` calls (seccomp_syscall_resolve_name_arch and
seccomp_syscall_resolve_num_arch), once per (arch, name), in one process instead of 11,000.

stdin: syscall names, one per line.  argv: libseccomp arch names to try.
stdout (TSV):  V <tab> major.minor.micro            the library's version
               A <tab> arch <tab> -                    arch not known to this libseccomp
               N <tab> arch <tab> name <tab> number    name -> number (-1: unknown name)
               R <tab> arch <tab> number <tab> name    number -> name ("" when unknown), for every number seen
Exit 3 when libseccomp.so.2 cannot be loaded.
"""
import ctypes
import sys

try:
    lib = ctypes.CDLL("libseccomp.so.2")
except OSError as error:
    print(f"libseccomp.so.2 not found: {error}", file=sys.stderr)
    sys.exit(3)

lib.seccomp_arch_resolve_name.argtypes = [ctypes.c_char_p]
lib.seccomp_arch_resolve_name.restype = ctypes.c_uint32
lib.seccomp_syscall_resolve_name_arch.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
lib.seccomp_syscall_resolve_name_arch.restype = ctypes.c_int
lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32, ctypes.c_int]
lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
lib.seccomp_version.restype = ctypes.POINTER(ctypes.c_uint * 3)
libc = ctypes.CDLL(None)
libc.free.argtypes = [ctypes.c_void_p]

version = lib.seccomp_version().contents
out = [f"V\t{version[0]}.{version[1]}.{version[2]}"]
names = [line.strip() for line in sys.stdin if line.strip()]
for arch_name in sys.argv[1:]:
    token = lib.seccomp_arch_resolve_name(arch_name.encode())
    if token == 0:
        out.append(f"A\t{arch_name}\t-")
        continue
    numbers = set()
    for name in names:
        number = lib.seccomp_syscall_resolve_name_arch(token, name.encode())
        numbers.add(number)
        out.append(f"N\t{arch_name}\t{name}\t{number}")
    # Also every number a table can hold: plain, mips-offset, x32-bit and ARM-private ranges.
    probes = set(range(-10300, 1100)) | set(range(4000, 7100)) | {n | 0x40000000 for n in range(1100)}
    probes |= set(range(0x0F0000, 0x0F0010))
    for number in sorted(numbers | probes):
        pointer = lib.seccomp_syscall_resolve_num_arch(token, number)
        name = ctypes.string_at(pointer).decode() if pointer else ""
        if pointer:
            libc.free(pointer)  # the library strdup()s the name
        if name or number in numbers:
            out.append(f"R\t{arch_name}\t{number}\t{name}")
print("\n".join(out))
