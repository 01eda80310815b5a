import Policy
import ProfileModel
import SyscallTables

extension LintContext {
  /// `condition` without the alternatives under which no filter has `syscall`: for each runc host an alternative
  /// admits, the ABIs Docker puts in the filter (`architectures`, or the host's archMap group) plus the native
  /// arch runc always adds (`Evaluator.dockerArchitectures`, moby-semantics.md §5), at the newest kernel the
  /// alternative admits (the evaluator leaves out syscalls newer than the target kernel). A rule naming
  /// `socketcall` only for arm64 hosts, or `kexec_file_load` only below kernel 4.15 on arm64 (added there in 5.0),
  /// decides nothing: a finding saying it allows the call there would be vacuous.
  package func restricted(_ condition: TargetCondition, toHostsHaving syscall: String) -> TargetCondition {
    guard let row = SyscallData.row(of: syscall) else { return condition }  // unknown names: other rules' business
    var kept = TargetCondition.never
    for alternative in condition.alternatives where hasSyscall(row, under: alternative) {
      kept = kept.or(TargetCondition(alternative))
    }
    return kept
  }

  private func hasSyscall(_ row: Int, under alternative: Guard) -> Bool {
    // `alternative.witnessTarget(preferring: host)` is on `host` exactly when the guard admits the host, and its
    // capabilities and kernel do not depend on the host (nil for one host: nil for all): worked out once.
    guard let witness = Architecture.all.first(where: \.runcAccepts).flatMap({ alternative.witnessTarget(preferring: $0) })
    else { return false }
    return Architecture.all.contains { host in
      guard host.runcAccepts, let name = host.mobyNativeName, !alternative.notArches.contains(name),
        alternative.onlyArches?.contains(name) ?? true
      else { return false }
      var target = witness
      target.architecture = host
      let abis = [host] + Evaluator.dockerArchitectures(profile, for: target).compactMap(Architecture.withToken)
      return abis.contains { abi in
        let table = SyscallTable.forArchitecture(abi)
        guard table.resolve(row: row).directNumber != nil, let kernel = table.kernelVersion(row: row) else { return false }
        return kernel <= target.kernel
      }
    }
  }
}
