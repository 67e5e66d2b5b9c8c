import API
import Foundation
import Moderation
import Platform

/// Where moderation rules come from: a directory of `*.rules` files (the
/// `--policy-dir` of `serve` and `policy`) or, without one, the rules
/// compiled into the binary. Files are read in name order; a directory is
/// taken whole or refused with every problem as `file:line: reason`.
enum PolicyDirectory {
    /// A policy directory that could not be used: one line per problem.
    struct Refused: Error, CustomStringConvertible {
        let problems: [String]
        var description: String { problems.joined(separator: "\n") }
    }

    /// The files of `directory` ending in `suffix`, in name order, named by their path.
    static func files(_ directory: String, suffix: String) throws(Refused) -> [RuleSource] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(suffix) }.sorted()
        } catch {
            throw Refused(problems: ["\(directory): cannot read the directory"])
        }
        var sources: [RuleSource] = []
        for name in names {
            let path = Files.join(directory, name)
            do {
                sources.append(RuleSource(name: path, bytes: try Files.read(path)))
            } catch {
                throw Refused(problems: ["\(path): cannot read the file: \(error)"])
            }
        }
        return sources
    }

    /// The rule files of `directory`, or the embedded ones for nil.
    static func sources(_ directory: String?) throws(Refused) -> [RuleSource] {
        guard let directory else { return PolicyBundle.embeddedSources }
        let sources = try files(directory, suffix: ".rules")
        guard !sources.isEmpty else { throw Refused(problems: ["\(directory): no *.rules file"]) }
        return sources
    }

    /// The bundle of `directory`'s rules (or the embedded ones), checked as
    /// the server and every client will decode it.
    static func bundle(_ directory: String?) throws(Refused) -> ModerationBundle {
        if directory == nil { return .embedded }
        let sources = try sources(directory)
        let bytes: [UInt8]
        do throws(RuleFileError) {
            bytes = try PolicyBundle.build(sources)
        } catch {
            throw Refused(problems: error.problems.map(\.description))
        }
        do throws(BundleError) {
            return try ModerationBundle(bytes: bytes)
        } catch {
            throw Refused(problems: [error.description])
        }
    }
}
