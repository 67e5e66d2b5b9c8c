/// Mandatory test 6.1.3: a product id that a relationship defines must not
/// end up in a circle through relationships' `product_reference` and
/// `relates_to_product_reference` (`A` built from `B`, `B` built from `A`,
/// or `A` from itself). One depth-first search over the relationships, so
/// a large hostile advisory stays linear.
///
///     CSAFCircularDefinitions.failures(tree.relationships)   // the references closing a circle
enum CSAFCircularDefinitions {
    static func failures(_ relationships: [CSAFProductTree.Relationship]) -> [CSAFError] {
        // Defined id → the references it is built from.
        var edges: [String: [CSAFReference]] = [:]
        for relationship in relationships {
            edges[relationship.defined.id.id, default: []] += [relationship.productReference, relationship.relatesTo]
        }
        enum Mark { case onPath, done }
        var marks: [String: Mark] = [:]
        var failures: [CSAFError] = []
        for start in relationships.map(\.defined.id.id) where marks[start] == nil {
            // An explicit stack of (id, next edge index): no recursion on input depth.
            var stack: [(id: String, next: Int)] = [(start, 0)]
            marks[start] = .onPath
            while let top = stack.last {
                let outgoing = edges[top.id] ?? []
                guard top.next < outgoing.count else {
                    marks[top.id] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let reference = outgoing[top.next]
                switch marks[reference.id] {
                case .onPath:
                    failures.append(.mandatoryTest(
                        .circularProductID, path: reference.path.description,
                        detail: "product id \(reference.id) is defined through itself"
                    ))
                case .done:
                    break
                case nil:
                    marks[reference.id] = .onPath
                    stack.append((reference.id, 0))
                }
            }
        }
        return failures
    }
}
