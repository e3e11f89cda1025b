import EventLog
import Foundation
import Logging
import Projections
import SCIMAdapter
import SCIMOperations
import Synchronization
import Testing

@Suite struct RequestLogTests {
    @Test func eachRequestLogsOneJSONLineWithItsJournaledRequestID() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let created = try await client.createUser("bjensen")
            let missing = try await client.get("/scim/v2/Users/missing")
            #expect(created.status == 201)
            #expect(missing.status == 404)
        }
        let requests = server.logObjects.filter { $0["message"]?.stringValue == "request" }
        #expect(requests.count == 2)
        let journal = try await server.journalEntries()
        for (line, entry) in zip(requests, journal) {
            #expect(line["request_id"]?.stringValue == entry.requestID)
            #expect(line["tenant"]?.stringValue == "acme")
            #expect(line["method"]?.stringValue == entry.method)
            #expect(line["status"]?.stringValue == String(entry.status))
            #expect(line["latency_us"]?.stringValue.flatMap(Int.init) != nil)
            #expect(line["time"]?.stringValue?.hasSuffix("Z") == true)
        }
        #expect(requests.map { $0["route"]?.stringValue } == ["/Users", "/Users/{id}"])
        #expect(requests.map { $0["level"]?.stringValue } == ["info", "notice"])
    }

    @Test func theJSONHandlerWritesOneObjectPerLineAndKeepsFixedFields() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "probe") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
        }
        logger[metadataKey: "handler"] = "kept"
        logger.warning("a \"quoted\"\nmessage", metadata: ["level": "spoofed", "nested": ["a": "1"], "list": ["x", "y"]])
        logger.debug("below the level")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one line, newlines escaped")
        let object = try #require(try JSONValue(parsing: Array(line.utf8)).objectValue)
        #expect(object["level"]?.stringValue == "warning")
        #expect(object["meta.level"]?.stringValue == "spoofed")
        #expect(object["message"]?.stringValue == "a \"quoted\"\nmessage")
        #expect(object["label"]?.stringValue == "probe")
        #expect(object["handler"]?.stringValue == "kept")
        #expect(object["nested"]?.objectValue?["a"]?.stringValue == "1")
        #expect(object["list"]?.arrayValue?.count == 2)
    }
}
