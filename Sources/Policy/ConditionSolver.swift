/// Satisfiability of argument conditions: whether some register values meet every condition of a chain, and
/// which. Lint rules use it to tell rules whose conditions can never hold together (`arg2 != 9` vs
/// `arg0 == 16 && arg2 == 9`) from real overlaps, and the property tests use the witnesses as the arguments of
/// the call they evaluate.
extension Array where Element == ArgCondition {
  /// Argument values (at least six registers) that satisfy every condition as libseccomp compares them on an
  /// ABI of `bits` (32: only the low halves are compared), or nil when no values do.
  package func witness(bits: Int = 64) -> [UInt64]? {
    let count = Swift.max(6, (map(\.index).max() ?? 0) + 1)
    var values = [UInt64](repeating: 0, count: count)
    // Each argument's conditions are solved on their own, so the order the arguments are taken in does not
    // matter: a short chain finds its distinct indexes by looking back (no set is hashed), a long one by a set.
    if self.count <= 16 {
      for position in indices where !self[..<position].contains(where: { $0.index == self[position].index }) {
        let index = self[position].index
        guard let value = Self.solve(filter { $0.index == index }, bits: bits) else { return nil }
        values[index] = value
      }
      return values
    }
    for index in Set(map(\.index)) {
      guard let value = Self.solve(filter { $0.index == index }, bits: bits) else { return nil }
      values[index] = value
    }
    return values
  }

  /// Whether some argument values satisfy every condition on a 64-bit ABI or, when `alsoThirtyTwo`, on a 32-bit one.
  package func isSatisfiable(alsoThirtyTwo: Bool = false) -> Bool {
    witness(bits: 64) != nil || (alsoThirtyTwo && witness(bits: 32) != nil)
  }

  /// The smallest register value meeting `conditions` (all on one register), or nil.
  private static func solve(_ conditions: [ArgCondition], bits: Int) -> UInt64? {
    let domain: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var low: UInt64 = 0
    var high = domain
    var fixedMask: UInt64 = 0
    var fixedValue: UInt64 = 0
    var excluded: [UInt64] = []
    for condition in conditions {
      let v = condition.value & domain
      switch condition.op {
      case .equal: (low, high) = (Swift.max(low, v), Swift.min(high, v))
      case .notEqual: excluded.append(v)
      case .lessThan:
        guard v > 0 else { return nil }
        high = Swift.min(high, v - 1)
      case .lessOrEqual: high = Swift.min(high, v)
      case .greaterThan:
        guard v < domain else { return nil }
        low = Swift.max(low, v + 1)
      case .greaterOrEqual: low = Swift.max(low, v)
      case .maskedEqual:
        // `arg & mask == datum`: a datum with bits outside the mask never matches.
        let datum = condition.valueTwo & domain
        guard datum & ~v == 0 else { return nil }
        let common = fixedMask & v
        guard fixedValue & common == datum & common else { return nil }
        fixedMask |= v
        fixedValue |= datum
      }
    }
    guard low <= high else { return nil }
    var candidate = next(atLeast: low, mask: fixedMask, value: fixedValue, domain: domain)
    // Each excluded value can push the candidate past itself once.
    for _ in 0...excluded.count {
      guard let value = candidate, value <= high else { return nil }
      guard excluded.contains(value) else { return value }
      guard value < domain else { return nil }
      candidate = next(atLeast: value + 1, mask: fixedMask, value: fixedValue, domain: domain)
    }
    return nil
  }

  /// The smallest `y >= x` within `domain` with `y & mask == value`: the values with those fixed bits grow with
  /// the number their free bits spell, so a binary search over that number finds it.
  private static func next(atLeast x: UInt64, mask: UInt64, value: UInt64, domain: UInt64) -> UInt64? {
    let free = domain & ~mask
    if free == domain { return x }
    // `x` itself when its fixed bits already match (the search below would find it too), and `value` for 0 (all
    // free bits clear is the smallest such number).
    if x <= domain, x & mask == value { return x }
    if x == 0, value & ~domain == 0 { return value }
    let freeCount = free.nonzeroBitCount
    func deposit(_ k: UInt64) -> UInt64 {
      var result = value
      var bits = free
      var k = k
      while bits != 0 && k != 0 {
        let lowest = bits & (~bits &+ 1)
        if k & 1 == 1 { result |= lowest }
        k >>= 1
        bits &= bits - 1
      }
      return result
    }
    let largest: UInt64 = freeCount == 64 ? .max : (UInt64(1) << UInt64(freeCount)) - 1
    guard deposit(largest) >= x else { return nil }
    var (lo, hi) = (UInt64(0), largest)
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      if deposit(mid) >= x { hi = mid } else { lo = mid + 1 }
    }
    return deposit(lo)
  }
}
