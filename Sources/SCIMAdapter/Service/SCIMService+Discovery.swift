import Projections

extension SCIMService {
    /// `GET /ServiceProviderConfig`, `/ResourceTypes[/{id}]`, `/Schemas[/{id}]` (RFC 7644 §4).
    /// Ids compare ignoring case; an unknown id is a 404.
    func discovery(_ endpoint: SCIMRoute.Endpoint, _ exchange: SCIMExchange) -> SCIMResponse {
        let types = ResourceTypeDefinition.standard
        let response: SCIMResponse
        switch endpoint {
        case .serviceProviderConfig:
            response = .json(200, configuration.serviceProviderConfiguration.representation(baseURL: exchange.baseURL))
        case .resourceTypes(nil):
            response = .json(200, DiscoveryListResponse.resourceTypes(types, baseURL: exchange.baseURL))
        case .resourceTypes(let id?):
            if let type = types.first(where: { $0.name.equalsIgnoringASCIICase(id) }) {
                response = .json(200, type.resourceTypeRepresentation(baseURL: exchange.baseURL))
            } else {
                response = .error(.notFound("There is no resource type \"\(id)\"; this server has User and Group."))
            }
        case .schemas(nil):
            response = .json(200, DiscoveryListResponse.schemas(of: types, baseURL: exchange.baseURL))
        case .schemas(let id?):
            if let schema = types.flatMap(\.allSchemas).first(where: { $0.id.equalsIgnoringASCIICase(id) }) {
                response = .json(200, schema.schemaRepresentation(baseURL: exchange.baseURL))
            } else {
                response = .error(.notFound("There is no schema \"\(id)\"."))
            }
        default:
            response = .error(.notFound("Not a discovery endpoint."))
        }
        journal(exchange.journalEntry(response))
        return response
    }
}
