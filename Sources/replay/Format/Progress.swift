import EventLog

/// A progress bar with rate and time left, drawn on standard error for long scans.
///
/// Drawn only when standard error is a terminal (never into pipes, files or tests), redrawn at most
/// ten times a second, and erased when the work finishes, so standard output stays clean.
final class Progress {
    private let label: String
    private let unit: String
    private let total: UInt64
    private let started: Timestamp
    private var lastDrawn: Timestamp
    private let enabled: Bool
    private var drewSomething = false

    /// - Parameters:
    ///   - label: what is being done (`folding the log`).
    ///   - total: how many units the work has, for the percentage and the time left.
    init(_ label: String, total: UInt64, unit: String = "events", enabled: Bool = Console.standardErrorIsTerminal) {
        self.label = label
        self.unit = unit
        self.total = max(total, 1)
        self.enabled = enabled
        started = .now()
        lastDrawn = Timestamp(microsecondsSince1970: 0)
    }

    /// Reports that `done` units are finished.
    func update(_ done: UInt64) {
        guard enabled else { return }
        let now = Timestamp.now()
        guard now.microseconds - lastDrawn.microseconds >= 100_000 else { return }
        lastDrawn = now
        draw(done, now: now)
    }

    /// Erases the bar.
    func finish() {
        guard enabled, drewSomething else { return }
        var console = Console.standardError()
        console.write("\r\u{1B}[2K")
        console.flush()
    }

    private func draw(_ done: UInt64, now: Timestamp) {
        let fraction = min(1, Double(done) / Double(total))
        let seconds = max(Double(now.microseconds - started.microseconds) / 1_000_000, 0.001)
        let rate = Double(done) / seconds
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var text = "\r\u{1B}[2K\(label) [\(bar)] \(Int(fraction * 100))%  \(Describe.count(done))/\(Describe.count(total)) \(unit)"
        text += "  \(Self.rate(rate))/s"
        if rate > 0, done < total {
            text += "  ETA \(Self.duration(Double(total - done) / rate))"
        }
        var console = Console.standardError()
        console.write(text)
        console.flush()
        drewSomething = true
    }

    static func rate(_ value: Double) -> String {
        switch value {
        case 1_000_000...: "\((value / 100_000).rounded() / 10)M"
        case 1_000...: "\((value / 100).rounded() / 10)k"
        default: "\(Int(value))"
        }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        return total >= 3600
            ? "\(total / 3600):\(pad(total / 60 % 60)):\(pad(total % 60))"
            : "\(total / 60):\(pad(total % 60))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
