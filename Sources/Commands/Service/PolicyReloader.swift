import API
import Foundation
import Platform
import Store

/// What `serve` does on SIGHUP with its moderation rules: re-read the policy
/// directory; when valid, put the new bundle in force (audited, swapped
/// whole) and log `policy.loaded`; when not, log `policy.rejected` with every
/// `file:line: reason` and keep the last good policy. Each attempt is
/// recorded in `policy-status.json` with a new generation, which `policy
/// reload` waits for.
struct PolicyReloader {
    let service: Service
    let directory: DataDirectory
    let policyDir: String?
    let logger: Logger
    private(set) var generation = 0

    init(service: Service, directory: DataDirectory, policyDir: String?, logger: Logger) {
        self.service = service
        self.directory = directory
        self.policyDir = policyDir
        self.logger = logger
    }

    /// Handles one SIGHUP.
    mutating func reload() {
        guard let policyDir else {
            logger.info("server.reload", ["changed": "none", "policy": "embedded"])
            record(result: "loaded", problems: [])
            return
        }
        let current = service.moderation.version
        let bundle: ModerationBundle
        do throws(PolicyDirectory.Refused) {
            bundle = try PolicyDirectory.bundle(policyDir)
        } catch {
            for problem in error.problems { logger.error("policy.rejected", ["problem": problem, "kept": current]) }
            record(result: "rejected", problems: error.problems)
            return
        }
        do {
            if bundle.version != current { try service.replaceModeration(bundle) }
            logger.info("policy.loaded", ["version": bundle.version, "source": policyDir, "changed": String(bundle.version != current)])
            record(result: "loaded", problems: [])
        } catch {
            logger.error("policy.rejected", ["problem": "the audit log could not record the new policy: \(error)", "kept": current])
            record(result: "rejected", problems: ["the audit log could not record the new policy; see the server's log"])
        }
    }

    /// Writes the next generation of `policy-status.json`.
    mutating func record(result: String, problems: [String]) {
        generation += 1
        let status = PolicyStatus(generation: generation, pid: getpid(), result: result, version: service.moderation.version,
                                  policy_dir: policyDir.map(PolicyReloadCommand.realPath) ?? "", problems: problems)
        do {
            try status.write(directory)
        } catch {
            logger.warning("policy.status_unwritten", ["error": "\(error)"])
        }
    }
}
