import Platform

/// The one writer: a read-write connection on its own thread, committing
/// queued jobs in groups (group commit).
///
/// The thread takes every pending job (up to `maxBatch`), runs them in one
/// `BEGIN IMMEDIATE` transaction, each in its own savepoint, and COMMITs
/// once — one fsync for the group, durable with `synchronous=FULL` in WAL.
/// An idle writer adds no delay: the next batch forms while this one's
/// fsync runs. A busy one (jobs arrived during the last batch) gathers for
/// up to `gatherMicroseconds` first, trading that much latency for fewer
/// COMMITs under load.
/// A job is acknowledged only after its COMMIT succeeded.
///
///     let writer = try Writer(path: path)
///     let id = try writer.write { conn in
///         try conn.run("INSERT INTO report(post_id) VALUES (?)", [.text(postID)])
///         return conn.lastInsertRowID
///     }
///
/// Bodies run on the writer thread: keep them to SQL (no network, no
/// Argon2), never wait in them for another write (`write` from inside a
/// job throws `StoreError.writeFromWriterThread`). BEGIN, COMMIT, ROLLBACK,
/// ATTACH and setting pragmas are refused in them (`SQLITE_AUTH`), so a job
/// can neither end the batch nor weaken the connection; nested `savepoint`s
/// and `PRAGMA defer_foreign_keys` are fine.
public final class Writer: Sendable {
    /// Limits of the writer.
    public struct Configuration: Sendable {
        /// Most jobs in one transaction.
        public var maxBatch: Int
        /// Most jobs waiting; beyond it `write` waits and `submit` throws
        /// `StoreError.overloaded`.
        public var maxQueueDepth: Int
        /// The connection's busy timeout (only another process can hold the
        /// write lock, e.g. a maintenance command).
        public var busyTimeoutMilliseconds: Int32

        /// When jobs arrived while the last batch ran (the store is busy),
        /// the writer waits up to this long for more before it begins the
        /// next batch, so that one COMMIT (one fsync, one write of each
        /// shared page) serves more jobs; a writer that finds its queue
        /// empty never waits. 0 turns gathering off.
        public var gatherMicroseconds: Int

        /// The defaults: batches of up to 512, 10 000 waiting, 5 s busy
        /// timeout, 500 µs of gathering when busy.
        public init(maxBatch: Int = 512, maxQueueDepth: Int = 10_000, busyTimeoutMilliseconds: Int32 = 5_000, gatherMicroseconds: Int = 500) {
            self.maxBatch = maxBatch
            self.maxQueueDepth = maxQueueDepth
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.gatherMicroseconds = max(0, gatherMicroseconds)
        }
    }

    private let queue: WriterQueue
    private let thread: OSThread
    /// Fulfilled by the writer thread as it ends: the checkpoint's outcome.
    private let finished: Promise<Result<CheckpointResult, SQLiteError>>

    /// Opens the database read-write (creating it 0600) on a new writer
    /// thread; throws what opening threw.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        let queue = WriterQueue(maxBatch: configuration.maxBatch, maxDepth: configuration.maxQueueDepth,
                                gatherNanoseconds: UInt64(configuration.gatherMicroseconds) * 1_000)
        let opened = Promise<Result<Void, any Error>>()
        let finished = Promise<Result<CheckpointResult, SQLiteError>>()
        let connectionConfiguration = Connection.Configuration(
            mode: .readWrite, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
        let thread = OSThread(name: "tf-writer") {
            Writer.main(path: path, configuration: connectionConfiguration, queue: queue,
                        opened: opened, finished: finished)
        }
        if case .failure(let error) = opened.wait() {
            thread.join()
            throw error
        }
        self.queue = queue
        self.thread = thread
        self.finished = finished
    }

    deinit {
        _ = try? close()
    }

    /// The writer thread: opens the connection (so it never leaves this
    /// thread), runs batches until closed and drained, checkpoints, closes.
    private static func main(path: String, configuration: Connection.Configuration, queue: WriterQueue,
                             opened: Promise<Result<Void, any Error>>,
                             finished: Promise<Result<CheckpointResult, SQLiteError>>) {
        let connection: Connection
        let runner: BatchRunner
        do {
            connection = try Connection(path: path, configuration: configuration)
            runner = try BatchRunner(connection: connection)
        } catch {
            opened.fulfil(.failure(error))
            return
        }
        queue.setWriterThread()
        opened.fulfil(.success(()))
        while let batch = queue.nextBatch() {
            let outcome = runner.run(batch)
            queue.record(outcome)
            for deliver in outcome.deliveries { deliver() }
        }
        let checkpoint = Result { () throws(SQLiteError) in try connection.checkpoint(.truncate) }
        connection.close()
        finished.fulfil(checkpoint)
    }

    /// Runs `body` in the next batch and returns its value once the batch's
    /// COMMIT succeeded; throws the body's error (its savepoint was rolled
    /// back, its batch-mates unaffected) or the COMMIT's. Blocks the calling
    /// thread; waits for room when the queue is full.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) throws -> T {
        let result = Promise<Result<T, any Error>>()
        try queue.enqueue(WriteJob(body) { result.fulfil($0) }, blocking: true)
        return try result.wait().get()
    }

    /// Queues `body` without waiting: `completion` is called exactly once,
    /// on the writer thread, after the batch's COMMIT (or with the error).
    /// Keep `completion` short (hand the result to an event loop). Throws
    /// at once, without queuing, when closed or when the queue is full.
    public func submit<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T,
                                    completion: @escaping @Sendable (Result<T, any Error>) -> Void) throws {
        try queue.enqueue(WriteJob(body, completion: completion), blocking: false)
    }

    /// The counters now.
    public var statistics: WriterStatistics { queue.snapshot }

    /// Stops taking jobs, lets the thread finish the ones queued, checkpoints
    /// the WAL (TRUNCATE) and closes the connection. Throws when the
    /// checkpoint failed or could not complete (readers still open); the
    /// writer is closed either way. Later calls return at once. Called from
    /// a job (on the writer thread) it only asks the thread to stop after
    /// this batch, since waiting there would wait for itself; the next
    /// `close()` elsewhere (or `deinit`) then joins the thread.
    public func close() throws {
        queue.close()
        guard !queue.isWriterThread, queue.claimJoin() else { return }
        thread.join()
        let checkpoint = try finished.wait().get()
        if !checkpoint.isComplete {
            throw SQLiteError(code: .busy, message: "the WAL checkpoint could not complete; readers were active",
                              operation: "wal_checkpoint(TRUNCATE)")
        }
    }
}
