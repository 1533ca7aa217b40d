extension Double {
    /// Rounded to three decimals, for reports people read.
    var thousandths: Double { (self * 1000).rounded() / 1000 }
}
