/// Byte comparison whose time does not depend on where the inputs differ.
///
/// Guarantees: for inputs of one length, every byte is compared (no early exit), so timing does
/// not reveal how much of a secret or digest matched; inputs of different lengths are unequal.
public enum ConstantTime {
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
