/// One queued write: the caller's body, type-erased, and how to tell the
/// caller the outcome. The writer thread runs `run` inside the batch
/// transaction and calls the returned acknowledgement only after COMMIT;
/// otherwise it calls `fail`. Exactly one of the two is called.
struct WriteJob: Sendable {
    /// Runs the body; returns what delivers its value once committed.
    let run: @Sendable (Connection) throws -> @Sendable () -> Void
    /// Delivers a failure.
    let fail: @Sendable (any Error) -> Void

    /// A job whose outcome goes to `completion`.
    init<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T,
                      completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        run = { connection in
            let value = try body(connection)
            return { completion(.success(value)) }
        }
        fail = { completion(.failure($0)) }
    }
}
