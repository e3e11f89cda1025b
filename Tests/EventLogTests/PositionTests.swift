import EventLog
import Testing

@Suite struct PositionTests {
    @Test func positionsOrderNumerically() {
        #expect(Position(2) < Position(10))
        #expect(Position.start.next == Position(1))
    }
}
