/// seclint's exit codes, like ruff/ESLint/diff(1): 0 clean, 1 findings or differences, 2 the tool could not
/// do its job (usage error, unreadable or invalid input).
package enum ExitCode: Int32, Sendable {
  case success = 0
  case findings = 1
  case failure = 2
}
