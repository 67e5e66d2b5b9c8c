extension CSAFProductTree {
    static let branchCategories = [
        "architecture", "host_name", "language", "legacy", "patch_level", "product_family", "product_name",
        "product_version", "product_version_range", "service_pack", "specification", "vendor",
    ]
    static let relationshipCategories = [
        "default_component_of", "external_component_of", "installed_on", "installed_with", "optional_component_of",
    ]

    init(node: JSONNode) throws(CSAFError) {
        let tree = try node.object()
        try tree.requireMembers(1)
        if let branches = tree.optional("branches") {
            try readBranches(branches)
        }
        if let names = tree.optional("full_product_names") {
            for item in try names.array() {
                definitions.append(try Definition(node: item))
            }
        }
        if let list = tree.optional("relationships") {
            for item in try list.array() {
                let relationship = try item.object()
                _ = try relationship.required("category").string(oneOf: Self.relationshipCategories)
                let defined = try Definition(node: relationship.required("full_product_name"))
                let product = try relationship.required("product_reference")
                let relatesTo = try relationship.required("relates_to_product_reference")
                relationships.append(Relationship(
                    defined: defined,
                    productReference: CSAFReference(id: try product.string(), path: product.path),
                    relatesTo: CSAFReference(id: try relatesTo.string(), path: relatesTo.path)
                ))
                definitions.append(defined)
            }
        }
        if let list = tree.optional("product_groups") {
            for item in try list.array() {
                let group = try item.object()
                let id = try group.required("group_id")
                groups.append(Group(
                    id: CSAFReference(id: try id.string(), path: id.path),
                    productIDs: try group.required("product_ids").idList(minItems: 2)
                ))
            }
        }
    }

    /// A `branches_t` array: each branch has a category, a name and either
    /// further branches or a product (the schema's exactly three properties).
    private mutating func readBranches(_ node: JSONNode) throws(CSAFError) {
        for item in try node.array() {
            let branch = try item.object()
            _ = try branch.required("category").string(oneOf: Self.branchCategories)
            _ = try branch.required("name").string()
            switch (branch.optional("branches"), branch.optional("product")) {
            case (let branches?, nil):
                try readBranches(branches)
            case (nil, let product?):
                definitions.append(try Definition(node: product))
            case (nil, nil):
                throw .missingField(path: item.path.appending("product").description)
            case (.some, .some):
                throw item.invalid("must have either branches or a product, not both")
            }
        }
    }
}

extension CSAFProductTree.Definition {
    /// A `full_product_name_t`.
    init(node: JSONNode) throws(CSAFError) {
        let product = try node.object()
        name = try product.required("name").string()
        let id = try product.required("product_id")
        self.id = CSAFReference(id: try id.string(), path: id.path)
    }
}
