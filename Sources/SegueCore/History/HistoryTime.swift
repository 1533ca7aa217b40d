/// Times in listening histories: seconds since 1970 in UTC, read from and written as ISO 8601.
///
/// Written by hand (the proleptic Gregorian calendar in UTC) rather than with `ISO8601DateFormatter`: an import reads
/// one time per play, and a formatter takes microseconds per date where this takes nanoseconds.
public enum HistoryTime {
    /// The earliest and latest times accepted: the years 1900 through 9999.
    public static let range: ClosedRange<Int64> = -2_208_988_800...253_402_300_799

    /// The time in `text`, an ISO 8601 date-time or date in UTC or with an offset: `2023-01-05T14:03:12Z`,
    /// `2023-01-05T14:03:12.345Z`, `2023-01-05T16:03:12+02:00`, `2023-01-05 14:03` (Spotify's account data, UTC),
    /// `2023-01-05`. A time without a zone is UTC; a fraction of a second is dropped. Nil for anything else.
    public static func seconds(iso8601 text: some StringProtocol) -> Int64? {
        var reader = DigitReader(bytes: Array(text.utf8))
        return reader.dateTime()
    }

    /// The time in `text`, a whole number of seconds since 1970 (`1672927392`, or `1672927392.5`, the fraction
    /// dropped), or of milliseconds when it has 13 digits or more (`1672927392000`). Nil for anything else.
    public static func seconds(unix text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        var digits = 0
        var value: Int64 = 0
        var index = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            guard digits < 18 else { return nil }
            value = value * 10 + Int64(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            // A fraction: digits after one dot, nothing else.
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count,
                bytes[(index + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { return nil }
        }
        let seconds = digits >= 13 ? value / 1000 : value
        return range.contains(seconds) ? seconds : nil
    }

    /// `seconds` as `2023-01-05T14:03:12Z`; a time outside `range` is written as the nearest end of it.
    public static func iso8601(_ time: Int64) -> String {
        let seconds = min(max(time, range.lowerBound), range.upperBound)
        let days = floorDivide(seconds, 86_400)
        let second = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int, width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var rest = value
            for position in stride(from: width - 1, through: 0, by: -1) {
                digits[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: digits)
        }
        append(Int(year), width: 4)
        bytes.append(UInt8(ascii: "-"))
        append(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        append(day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(second / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(second / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(second % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Reads `YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|±hh[:]mm]` and nothing more.
    private struct DigitReader {
        let bytes: [UInt8]
        var index = 0

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + width)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func dateTime() -> Int64? {
            guard let year = number(4), take(UInt8(ascii: "-")), let month = number(2), take(UInt8(ascii: "-")),
                let day = number(2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
            else { return nil }
            var seconds = HistoryTime.days(year: Int64(year), month: month, day: day) * 86_400
            if index < bytes.count {
                guard take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")), let hour = number(2),
                    take(UInt8(ascii: ":")), let minute = number(2), hour < 24, minute < 60
                else { return nil }
                var second = 0
                if take(UInt8(ascii: ":")) {
                    guard let value = number(2), value < 61 else { return nil }  // 60: a leap second
                    second = min(value, 59)
                    if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                        let start = index
                        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                        guard index > start else { return nil }
                    }
                }
                seconds += Int64(hour * 3600 + minute * 60 + second)
                if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
                    // UTC.
                } else if index < bytes.count {
                    let sign: Int64
                    if take(UInt8(ascii: "+")) {
                        sign = 1
                    } else if take(UInt8(ascii: "-")) {
                        sign = -1
                    } else {
                        return nil
                    }
                    guard let offsetHours = number(2) else { return nil }
                    _ = take(UInt8(ascii: ":"))
                    guard let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                    seconds -= sign * Int64(offsetHours * 3600 + offsetMinutes * 60)
                }
            }
            guard index == bytes.count, HistoryTime.range.contains(seconds) else { return nil }
            return seconds
        }

        func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }
}
