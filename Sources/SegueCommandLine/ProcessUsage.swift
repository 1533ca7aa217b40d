import Foundation

/// This process's memory as the kernel counts it (Linux: `/proc/self/status`), and its CPU time.
public enum ProcessUsage {
    /// Returns freed memory to the system (a synthetic world or a JSON encoding leaves hundreds of MB with malloc), then resets the
    /// high-water mark (`/proc/self/clear_refs`), so the peak that follows is what runs next. The C function is glibc's
    /// `malloc_trim`.
    public static func resetPeak() {
        #if canImport(Glibc)
        // malloc.h is not in the Glibc module; the symbol is in libc all the same.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let handle = dlopen(nil, RTLD_NOW), let trim = dlsym(handle, "malloc_trim") {
            _ = unsafeBitCast(trim, to: MallocTrim.self)(0)
        }
        #endif
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }

    /// `VmRSS:` resident now, or `VmHWM:` the high-water mark since the last reset, in bytes.
    public static func bytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// CPU seconds (user and system) of this process, or of its ended children.
    public static func cpuSeconds(children: Bool = false) -> Double {
        var usage = rusage()
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
