/* A tiny workload for seclint's evidence tests: the calls Docker's default profile decides by capability,
 * argument or blocklist. Scripts/record-evidence-fixtures.sh compiles it and records it with strace.
 * Every call may fail (no privileges, no vsock): only the attempt matters to the trace. */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long raw_i386(long number, long arg0) {
  /* A 32-bit syscall from 64-bit code (int $0x80): the kernel and strace see the i386 ABI. */
  long result;
  __asm__ volatile("int $0x80" : "=a"(result) : "a"(number), "b"(arg0) : "memory");
  return result;
}

int main(void) {
  /* clone3: glibc tries it first for threads and falls back to clone on ENOSYS. */
  struct clone_args args;
  memset(&args, 0, sizeof args);
  args.exit_signal = SIGCHLD;
  long child = syscall(SYS_clone3, &args, sizeof args);
  if (child == 0) _exit(0);
  if (child > 0) waitpid((pid_t)child, NULL, 0);

  /* clone with a namespace flag (needs CAP_SYS_ADMIN in Docker's profile), and a plain fork-like clone. */
  child = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
  if (child == 0) _exit(0);
  if (child > 0) waitpid((pid_t)child, NULL, 0);
  child = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (child == 0) _exit(0);
  if (child > 0) waitpid((pid_t)child, NULL, 0);

  /* Sockets: AF_VSOCK is denied by Docker's profile, AF_INET allowed. */
  int fd = socket(AF_VSOCK, SOCK_STREAM, 0);
  if (fd >= 0) close(fd);
  fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd >= 0) close(fd);

  /* personality: Docker allows PER_LINUX, PER_LINUX32, UNAME26 and the query only. */
  personality(0xffffffff);
  personality(PER_LINUX32);
  personality(PER_LINUX);
  personality(PER_BSD);
  personality(PER_LINUX);

  /* Blocklisted or capability-gated calls. */
  syscall(SYS_keyctl, 0, 0, 0, 0, 0);
  mount("none", "/nonexistent-seclint", "tmpfs", 0, NULL);
  unshare(CLONE_NEWUSER);

  /* The i386 ABI from a 64-bit process: getpid (20) and personality (136) query. */
  raw_i386(20, 0);
  raw_i386(136, 0xffffffff);
  return 0;
}
