/// The model built straight from a `GoDecoder`: field by field in declaration order, exactly what the
/// synthesised `init(from:)` does through `GoKeyedContainer` (same `GoObject` lookups, same issues logged),
/// without `Codable`'s existential containers and unspecialised generics, which cost about 100k instructions
/// per rule object. `ProfileLoader` uses these; `GoDecodingPathsTests` checks both paths agree on the corpus,
/// the fuzz seeds and the hostile inputs.
extension Profile {
  /// The schema's field names, built once (not per object).
  private static let goFieldNames = CodingKeys.fieldNames

  init(go decoder: GoDecoder) {
    let object = GoObject(decoder, fields: Self.goFieldNames)
    self.init()
    defaultAction = object.string(CodingKeys.defaultAction.stringValue)
    defaultErrnoRet = object.unsigned(CodingKeys.defaultErrnoRet.stringValue)
    defaultErrno = object.string(CodingKeys.defaultErrno.stringValue)
    architectures = object.strings(CodingKeys.architectures.stringValue)
    archMap = object.objects(CodingKeys.archMap.stringValue, ArchMapEntry.init(go:))
    flags = object.strings(CodingKeys.flags.stringValue)
    listenerPath = object.string(CodingKeys.listenerPath.stringValue)
    listenerMetadata = object.string(CodingKeys.listenerMetadata.stringValue)
    syscalls = object.objects(CodingKeys.syscalls.stringValue, SyscallRule.init(go:))
  }
}

extension ArchMapEntry {
  private static let goFieldNames = CodingKeys.fieldNames

  init(go decoder: GoDecoder) {
    let object = GoObject(decoder, fields: Self.goFieldNames)
    self.init(
      architecture: object.string(CodingKeys.architecture.stringValue),
      subArchitectures: object.strings(CodingKeys.subArchitectures.stringValue))
  }
}

extension SyscallRule {
  private static let goFieldNames = CodingKeys.fieldNames

  init(go decoder: GoDecoder) {
    let object = GoObject(decoder, fields: Self.goFieldNames)
    self.init()
    names = object.strings(CodingKeys.names.stringValue)
    name = object.string(CodingKeys.name.stringValue)
    action = object.string(CodingKeys.action.stringValue)
    errnoRet = object.unsigned(CodingKeys.errnoRet.stringValue)
    errno = object.string(CodingKeys.errno.stringValue)
    args = object.objects(CodingKeys.args.stringValue, SyscallArg.init(go:))
    comment = object.string(CodingKeys.comment.stringValue)
    includes = object.object(CodingKeys.includes.stringValue, RuleFilter.init(go:))
    excludes = object.object(CodingKeys.excludes.stringValue, RuleFilter.init(go:))
  }
}

extension SyscallArg {
  private static let goFieldNames = CodingKeys.fieldNames

  init(go decoder: GoDecoder) {
    let object = GoObject(decoder, fields: Self.goFieldNames)
    self.init(
      index: object.unsigned(CodingKeys.index.stringValue), value: object.unsigned(CodingKeys.value.stringValue),
      valueTwo: object.unsigned(CodingKeys.valueTwo.stringValue), op: object.string(CodingKeys.op.stringValue))
  }
}

extension RuleFilter {
  private static let goFieldNames = CodingKeys.fieldNames

  init(go decoder: GoDecoder) {
    let object = GoObject(decoder, fields: Self.goFieldNames)
    self.init(
      caps: object.strings(CodingKeys.caps.stringValue), arches: object.strings(CodingKeys.arches.stringValue),
      minKernel: object.string(CodingKeys.minKernel.stringValue))
  }
}
