extension Double {
    /// Rounded to three decimals, for reports people read.
    var thousandths: Double { (self * 1000).rounded() / 1000 }
}

extension Double {
    /// A finite value written with two decimals ("0.05", "-1.20"), as `String(format: "%.2f")` writes it
    /// (except that an exact halfway case rounds away from zero, not to even) but without Foundation's
    /// formatter, which is slow on Linux.
    var twoDecimals: String {
        let hundredths = Int((abs(self) * 100).rounded())
        let fraction = hundredths % 100
        return (self < 0 && hundredths > 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "")
            + "\(fraction)"
    }
}
