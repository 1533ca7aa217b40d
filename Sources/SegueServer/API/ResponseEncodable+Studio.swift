import Hummingbird

extension JobStatus: ResponseEncodable {}
extension SessionDetail: ResponseEncodable {}
extension SessionSummary: ResponseEncodable {}
extension LineupView: ResponseEncodable {}
extension Me: ResponseEncodable {}
extension ImpactSeries: ResponseEncodable {}
