import Hummingbird

extension JobStatus: ResponseEncodable {}
extension SessionDetail: ResponseEncodable {}
extension SessionSummary: ResponseEncodable {}
extension LineupView: ResponseEncodable {}
extension Me: ResponseEncodable {}
extension TemplateDesk.View: ResponseEncodable {}
extension AuditEntry: ResponseEncodable {}
extension AuditChainCheck: ResponseEncodable {}
extension LineFlag: ResponseEncodable {}
extension ScriptReview: ResponseEncodable {}
extension ImpactSeries: ResponseEncodable {}
extension PendingScript: ResponseEncodable {}
extension ScriptDetail: ResponseEncodable {}
