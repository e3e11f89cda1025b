import Logging
import Synchronization

/// Shows what the projection engines log while `replay rebuild` runs: records carrying `position`
/// and `of` metadata move the progress bar (drawn only on a terminal); every other record becomes
/// a line on standard error.
struct ProgressLogHandler: LogHandler {
    /// The bar shared by every copy of the handler (loggers copy their handlers).
    final class Bar: Sendable {
        private let state: Mutex<Progress?>
        private let label: String

        init(label: String) {
            self.label = label
            state = Mutex(nil)
        }

        func update(done: UInt64, total: UInt64) {
            state.withLock { progress in
                if progress == nil { progress = Progress(label, total: total) }
                progress?.update(done)
            }
        }

        func finish() {
            state.withLock { progress in
                progress?.finish()
                progress = nil
            }
        }
    }

    let bar: Bar
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
        if let position = fields["position"].flatMap({ UInt64("\($0)") }), let total = fields["of"].flatMap({ UInt64("\($0)") }) {
            bar.update(done: position, total: total)
            return
        }
        bar.finish()
        let details = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var console = Console.standardError()
        console.line("replay: \(event.message)" + (details.isEmpty ? "" : " (\(details))"))
    }
}
