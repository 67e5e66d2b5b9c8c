/// What running one batch produced: the deliveries to make (after the
/// statistics are recorded) and counts for the statistics.
struct BatchOutcome {
    /// One per job: its acknowledgement or its failure.
    var deliveries: [@Sendable () -> Void] = []
    var commits = 0
    var failedCommits = 0
    var failedJobs = 0
}

/// Runs batches of jobs on the writer's connection, on the writer thread.
///
/// A batch is one `BEGIN IMMEDIATE … COMMIT` (one fsync); each job runs in
/// its own savepoint, so a job that throws is rolled back alone. A job is
/// acknowledged only after the COMMIT that contains it succeeded; when the
/// COMMIT fails every job in it gets the error. When SQLite itself rolls the
/// whole transaction back mid-batch (`SQLITE_FULL`, `RAISE(ROLLBACK)`), the
/// jobs before get `StoreError.batchRolledBack` and the rest of the batch
/// continues in a new transaction.
///
/// The control statements are this type's own, prepared while the
/// connection is unlocked; jobs run locked, so they cannot prepare (or find
/// cached) a COMMIT, a ROLLBACK, a RELEASE of the job savepoint, or a
/// setting such as `PRAGMA synchronous` (see `Connection.withControlLocked`).
struct BatchRunner {
    private let connection: Connection
    private let begin: Statement
    private let commit: Statement
    private let rollback: Statement
    private let savepoint: Statement
    private let release: Statement
    private let rollbackToSavepoint: Statement

    init(connection: Connection) throws(SQLiteError) {
        self.connection = connection
        let name = ControlGuard.reservedPrefix + "job"
        begin = try connection.prepare("BEGIN IMMEDIATE")
        commit = try connection.prepare("COMMIT")
        rollback = try connection.prepare("ROLLBACK")
        savepoint = try connection.prepare("SAVEPOINT \(name)")
        release = try connection.prepare("RELEASE \(name)")
        rollbackToSavepoint = try connection.prepare("ROLLBACK TO \(name)")
    }

    /// Runs a control statement and resets it at once.
    private func control(_ statement: Statement) throws(SQLiteError) {
        defer { statement.reset() }
        try statement.run()
    }

    /// Runs every job of `jobs` and returns their deliveries.
    func run(_ jobs: [WriteJob]) -> BatchOutcome {
        var outcome = BatchOutcome()
        var index = jobs.startIndex
        while index < jobs.endIndex {
            do {
                try control(begin)
            } catch {
                // Without a transaction nothing can run: fail the rest.
                outcome.failedCommits += 1
                for job in jobs[index...] { fail(job, error, &outcome) }
                return outcome
            }
            var succeeded: [(WriteJob, @Sendable () -> Void)] = []
            var transactionLost = false
            while index < jobs.endIndex && !transactionLost {
                let job = jobs[index]
                index += 1
                switch runInSavepoint(job) {
                case .success(let acknowledge):
                    succeeded.append((job, acknowledge))
                case .failure(let error):
                    fail(job, error, &outcome)
                }
                transactionLost = !connection.isInTransaction
            }
            if transactionLost {
                for (job, _) in succeeded { fail(job, StoreError.batchRolledBack, &outcome) }
                continue
            }
            do {
                try control(commit)
                outcome.commits += 1
                outcome.deliveries += succeeded.map(\.1)
            } catch {
                if connection.isInTransaction { try? control(rollback) }
                outcome.failedCommits += 1
                for (job, _) in succeeded { fail(job, error, &outcome) }
            }
        }
        return outcome
    }

    /// Runs one job in the job savepoint: released when it returns, rolled
    /// back to when it throws or leaves a deferred foreign key unresolved.
    private func runInSavepoint(_ job: WriteJob) -> Result<@Sendable () -> Void, any Error> {
        do {
            try control(savepoint)
        } catch {
            return .failure(error)
        }
        var result: Result<@Sendable () -> Void, any Error>
        do {
            let acknowledge = try connection.withControlLocked { try job.run(connection) }
            if connection.hasUnresolvedForeignKeys {
                // It would make the shared COMMIT fail: undo this job alone.
                throw SQLiteError(code: .constraintForeignKey, message: "FOREIGN KEY constraint failed",
                                  operation: "deferred foreign key check")
            }
            result = .success(acknowledge)
        } catch {
            result = .failure(error)
        }
        guard connection.isInTransaction else { return result }
        do {
            if case .failure = result { try control(rollbackToSavepoint) }
            try control(release)
        } catch {
            // The job's changes cannot be undone alone: drop the transaction.
            try? control(rollback)
            if case .success = result { result = .failure(error) }
        }
        return result
    }

    private func fail(_ job: WriteJob, _ error: any Error, _ outcome: inout BatchOutcome) {
        outcome.failedJobs += 1
        outcome.deliveries.append { job.fail(error) }
    }
}
