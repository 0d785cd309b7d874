public import MotCuaCore

/// An event as recorded: the engine's event with its place in the hash chain.
public struct StoredEvent: Sendable, Hashable {
    /// The event.
    public var event: DossierEvent
    /// Hash of the previous event (zeros for the first).
    public var prevHash: String
    /// Hash of this event.
    public var hash: String
}
