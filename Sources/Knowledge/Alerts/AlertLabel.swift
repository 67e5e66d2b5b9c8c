import Core

/// The alert's TLP 2.0 label from the advisory's TLP 1 label and the
/// importer's optional `--label`. Alerts go to all members, so only
/// TLP:CLEAR and TLP:GREEN are possible.
///
/// | advisory | no `--label` | `--label TLP:CLEAR` | `--label TLP:GREEN` |
/// | --- | --- | --- | --- |
/// | WHITE | TLP:CLEAR | TLP:CLEAR | TLP:GREEN (narrower: allowed) |
/// | GREEN | TLP:GREEN | refused (wider than the publisher's) | TLP:GREEN |
/// | none | TLP:GREEN | TLP:CLEAR | TLP:GREEN |
/// | AMBER, RED | refused | refused | refused |
///
/// `--label` TLP:AMBER, TLP:AMBER+STRICT or TLP:RED is always refused.
///
///     try AlertLabel.resolve(csafLabel: "WHITE", override: nil)   // .clear
public enum AlertLabel {
    public static func resolve(csafLabel: String?, override: TLPLabel?) throws(CSAFError) -> TLPLabel {
        if let override, !override.usesCircleKeyring {
            throw .overrideNotAllowed(override, reason: "alerts go to all members, so an alert is TLP:CLEAR or TLP:GREEN")
        }
        let advisory: TLPLabel?
        switch csafLabel {
        case nil: advisory = nil
        case "WHITE": advisory = .clear
        case "GREEN": advisory = .green
        case let other?: throw .labelNotAllowed(csafLabel: other)
        }
        guard let advisory else { return override ?? .green }
        guard let override else { return advisory }
        guard override >= advisory else {
            throw .overrideNotAllowed(override, reason: "the advisory is \(advisory.rawValue), and an alert is never shared more widely than its publisher allows")
        }
        return override
    }
}
