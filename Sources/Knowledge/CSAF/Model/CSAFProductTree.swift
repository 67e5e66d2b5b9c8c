/// `/product_tree`: where product ids are defined (branches' products,
/// full product names, relationships' full product names) and grouped.
struct CSAFProductTree {
    /// Every definition of a product id, in document order (duplicates kept:
    /// mandatory test 6.1.2 reports them).
    var definitions: [Definition] = []
    var relationships: [Relationship] = []
    var groups: [Group] = []

    /// A `full_product_name_t`: its id (with the id's path) and name.
    struct Definition {
        var id: CSAFReference
        var name: String
    }

    /// A relationship: the product it defines out of two others.
    struct Relationship {
        var defined: Definition
        var productReference: CSAFReference
        var relatesTo: CSAFReference
    }

    /// A product group: its id (with the id's path) and its products.
    struct Group {
        var id: CSAFReference
        var productIDs: [CSAFReference]
    }

    /// The name of each product id (the first definition wins).
    var namesByID: [String: String] {
        definitions.reduce(into: [:]) { names, definition in
            if names[definition.id.id] == nil { names[definition.id.id] = definition.name }
        }
    }

    /// The products of each group id (the first definition wins).
    var productsByGroup: [String: [String]] {
        groups.reduce(into: [:]) { products, group in
            if products[group.id.id] == nil { products[group.id.id] = group.productIDs.map(\.id) }
        }
    }
}
