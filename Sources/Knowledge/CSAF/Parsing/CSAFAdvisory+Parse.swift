extension CSAFAdvisory {
    /// Reads an advisory from its JSON value, strictly: each required field
    /// present, each field read of the schema's type and format.
    ///
    ///     let advisory = try CSAFAdvisory(json: JSONParser.parse(bytes))
    init(json: JSONValue) throws(CSAFError) {
        let root = try JSONNode(value: json, path: .root).object()
        document = try CSAFDocument(node: root.required("document"))
        if let tree = root.optional("product_tree") {
            productTree = try CSAFProductTree(node: tree)
        } else {
            productTree = CSAFProductTree()
        }
        vulnerabilities = []
        if let list = root.optional("vulnerabilities") {
            for item in try list.array() {
                vulnerabilities.append(try CSAFVulnerability(node: item))
            }
        }
    }
}

extension CSAFDocument {
    static let tlpLabels = ["AMBER", "GREEN", "RED", "WHITE"]
    static let publisherCategories = ["coordinator", "discoverer", "other", "translator", "user", "vendor"]

    init(node: JSONNode) throws(CSAFError) {
        let document = try node.object()
        let categoryNode = try document.required("category")
        category = try categoryNode.string()
        // The schema's pattern: no leading or trailing whitespace, '-', '_' or '.'.
        let edges: Set<Character> = ["-", "_", "."]
        if let first = category.first, let last = category.last,
           first.isWhitespace || edges.contains(first) || last.isWhitespace || edges.contains(last) {
            throw categoryNode.invalid("must not start or end with whitespace, '-', '_' or '.'")
        }
        _ = try document.required("csaf_version").string(oneOf: ["2.0"])
        let publisher = try document.required("publisher").object()
        _ = try publisher.required("category").string(oneOf: Self.publisherCategories)
        publisherName = try publisher.required("name").string()
        let namespace = try publisher.required("namespace")
        publisherNamespace = try namespace.string()
        guard publisherNamespace.contains(":") else { throw namespace.invalid("must be a URI") }
        title = try document.required("title").string()
        tracking = try CSAFTracking(node: document.required("tracking"))
        tlpLabel = nil
        if let distribution = try document.optional("distribution")?.object() {
            try distribution.requireMembers(1)
            _ = try distribution.optional("text")?.string()
            if let tlp = try distribution.optional("tlp")?.object() {
                tlpLabel = try tlp.required("label").string(oneOf: Self.tlpLabels)
            }
        }
        notes = try document.optional("notes").map(CSAFNote.list) ?? []
    }
}

extension CSAFTracking {
    init(node: JSONNode) throws(CSAFError) {
        let tracking = try node.object()
        let idNode = try tracking.required("id")
        id = try idNode.string()
        if id.first!.isWhitespace || id.last!.isWhitespace {
            throw idNode.invalid("must not start or end with whitespace")
        }
        version = try tracking.required("version").version()
        status = try tracking.required("status").string(oneOf: ["draft", "final", "interim"])
        initialReleaseDate = try tracking.required("initial_release_date").dateTime()
        currentReleaseDate = try tracking.required("current_release_date").dateTime()
        revisionNumbers = []
        for item in try tracking.required("revision_history").array() {
            let revision = try item.object()
            _ = try revision.required("date").dateTime()
            revisionNumbers.append(try revision.required("number").version())
            _ = try revision.required("summary").string()
        }
    }
}

extension CSAFNote {
    static let categories = ["description", "details", "faq", "general", "legal_disclaimer", "other", "summary"]

    /// A `notes_t` array.
    static func list(_ node: JSONNode) throws(CSAFError) -> [CSAFNote] {
        var notes: [CSAFNote] = []
        for item in try node.array() {
            let note = try item.object()
            notes.append(CSAFNote(
                category: try note.required("category").string(oneOf: categories),
                text: try note.required("text").string()
            ))
        }
        return notes
    }
}
