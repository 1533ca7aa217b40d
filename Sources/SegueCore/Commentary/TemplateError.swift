/// A commentary template that cannot be used, with its file and line.
public struct TemplateError: SegueError, Equatable {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}
