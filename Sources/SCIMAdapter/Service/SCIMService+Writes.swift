import EventLog
import Projections

extension SCIMService {
    /// `POST /Users`, `POST /Groups`: 201 with the resource, `Location` and `ETag`.
    func create(_ kind: ResourceKind, _ exchange: SCIMExchange) async -> SCIMResponse {
        let id = EventID.random().description
        do {
            let selection = try selection(exchange)
            let body = try parseBody(exchange)
            let validated = try kind.definition.validateResource(body)
            let hash = try validated.password.map { try configuration.passwordHashing.hash($0) }
            return await execute(kind, id: id, .create(validated, passwordHash: hash), selection, exchange, body: body)
        } catch {
            return refuse(SCIMError.from(error), exchange)
        }
    }

    /// `PUT /Users/{id}`, `PUT /Groups/{id}`: 200 with the replaced resource.
    func replace(_ kind: ResourceKind, id: String, _ exchange: SCIMExchange) async -> SCIMResponse {
        do {
            let selection = try selection(exchange)
            let body = try parseBody(exchange)
            let validated = try kind.definition.validateResource(body)
            let hash = try validated.password.map { try configuration.passwordHashing.hash($0) }
            return await execute(kind, id: id, .replace(validated, passwordHash: hash), selection, exchange, body: body)
        } catch {
            return refuse(SCIMError.from(error), exchange, resource: (kind, id))
        }
    }

    /// `PATCH /Users/{id}`, `PATCH /Groups/{id}`: 200 with the resource (also when nothing
    /// changed, which appends no event), honouring `attributes`/`excludedAttributes`.
    func patch(_ kind: ResourceKind, id: String, _ exchange: SCIMExchange) async -> SCIMResponse {
        do {
            let selection = try selection(exchange)
            let body = try parseBody(exchange)
            guard let object = body.objectValue else {
                throw SCIMError.invalidSyntax("A PATCH body must be a JSON object (urn:ietf:params:scim:api:messages:2.0:PatchOp), got \(body.typeName).")
            }
            let request = try PatchRequest(body: object)
            var hashes: [String: String] = [:]
            if kind == .user {
                for password in Self.passwords(in: request) where hashes[password] == nil {
                    hashes[password] = try configuration.passwordHashing.hash(password)
                }
            }
            return await execute(kind, id: id, .patch(request, passwordHashes: hashes), selection, exchange, body: body)
        } catch {
            return refuse(SCIMError.from(error), exchange, resource: (kind, id))
        }
    }

    /// `DELETE /Users/{id}`, `DELETE /Groups/{id}`: 204.
    func delete(_ kind: ResourceKind, id: String, _ exchange: SCIMExchange) async -> SCIMResponse {
        await execute(kind, id: id, .delete, .all, exchange)
    }

    /// Queues the write and waits until it is durable (or refused); the command renders and
    /// journals the response itself. `body` is the request's parsed body: its redacted journal
    /// form is made here, on the request's task, not on the log's writer thread.
    func execute(
        _ kind: ResourceKind, id: String, _ action: ResourceWrite.Action, _ selection: AttributeSelection, _ exchange: SCIMExchange,
        body: JSONValue? = nil
    ) async -> SCIMResponse {
        let journaledBody = body.map { JournalRedaction.redact($0).serialized() } ?? JournalRedaction.requestBody(exchange.body)
        let command = ResourceWrite(
            kind: kind, id: id, action: action, exchange: exchange, journaledBody: journaledBody, selection: selection,
            environment: writeEnvironment(for: exchange.tenant))
        do {
            return try await directory.store.execute(command)
        } catch {
            // The batch could not commit (storage fault, shutdown): nothing was written, not even
            // the journal entry, so journal the failure on its own.
            return refuse(SCIMError.from(error), exchange, resource: (kind, id))
        }
    }

    /// The cleartext passwords a PATCH sets, so they can be hashed before the write is queued:
    /// values of operations whose path is `password` (optionally URN-qualified), and `password`
    /// members of path-less values (also inside an object keyed by the core User URN).
    static func passwords(in request: PatchRequest) -> [String] {
        var found: [String] = []
        func collect(_ object: JSONObject) {
            for member in object {
                if JournalRedaction.namesPassword(member.key), case .string(let text) = member.value {
                    found.append(text)
                } else if member.key.equalsIgnoringASCIICase(SchemaDefinition.URN.user), case .object(let inner) = member.value {
                    collect(inner)
                }
            }
        }
        for operation in request.operations where operation.kind != .remove {
            if let path = operation.path {
                if path.valueFilter == nil, path.attribute.subAttribute == nil, path.attribute.name.equalsIgnoringASCIICase("password"),
                    case .string(let text)? = operation.value
                {
                    found.append(text)
                } else if case .object(let object)? = operation.value {
                    collect(object)
                }
            } else if case .object(let object)? = operation.value {
                collect(object)
            }
        }
        return found
    }
}
