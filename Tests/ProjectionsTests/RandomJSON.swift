import Projections

/// SplitMix64: a tiny deterministic generator, so property tests reproduce exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds random JSON values that exercise the awkward corners: every control character, quotes,
/// backslashes, non-ASCII and astral characters, number literals of every shape, empty and nested
/// containers.
struct RandomJSON {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    static let numberLiterals = [
        "0", "-0", "1", "-1", "42", "0.1", "-0.5", "1e308", "1E+2", "1e-7", "2.5E-3", "-0.0",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1.0", "100", "3.141592653589793",
    ]

    mutating func value(depth: Int = 0, maxDepth: Int = 5) -> JSONValue {
        let choice = Int.random(in: 0..<(depth >= maxDepth ? 5 : 8), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(number())
        case 3, 4: return .string(string())
        case 5:
            let count = Int.random(in: 0...5, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth + 1, maxDepth: maxDepth) })
        default:
            let count = Int.random(in: 0...6, using: &generator)
            var object = JSONObject()
            for _ in 0..<count { object[string()] = value(depth: depth + 1, maxDepth: maxDepth) }
            return .object(object)
        }
    }

    mutating func number() -> JSONNumber {
        if Bool.random(using: &generator) {
            let literal = Self.numberLiterals.randomElement(using: &generator) ?? "0"
            return JSONNumber(literal: literal) ?? JSONNumber(0)
        }
        let magnitude = Int64.random(in: Int64.min...Int64.max, using: &generator) >> Int64.random(in: 0...63, using: &generator)
        return JSONNumber(literal: String(magnitude)) ?? JSONNumber(0)
    }

    mutating func string() -> String {
        let count = Int.random(in: 0...12, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            let kind = Int.random(in: 0..<10, using: &generator)
            let value: UInt32
            switch kind {
            case 0: value = UInt32.random(in: 0..<0x20, using: &generator)
            case 1: value = [0x22, 0x5C, 0x2F, 0x7F].randomElement(using: &generator) ?? 0x22
            case 2: value = UInt32.random(in: 0x80..<0x800, using: &generator)
            case 3: value = UInt32.random(in: 0x800..<0xD800, using: &generator)
            case 4: value = UInt32.random(in: 0xE000...0xFFFF, using: &generator)
            case 5: value = UInt32.random(in: 0x10000...0x10FFFF, using: &generator)
            default: value = UInt32.random(in: 0x20..<0x7F, using: &generator)
            }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
