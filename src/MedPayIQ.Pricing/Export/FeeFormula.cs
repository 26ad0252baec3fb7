namespace MedPayIQ.Pricing;

/// <summary>
/// The Physician Fee Schedule payment formula of the RVU readme:
/// [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x CF, computed exactly in <see cref="decimal"/>
/// and rounded once, at the end, to the cent, half away from zero (reproduces every CMS published amount checked:
/// rules.md A1).
/// </summary>
internal static class FeeFormula
{
    /// <summary>The amount in dollars for RVUs given in hundredths.</summary>
    public static decimal Amount(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor)
        => Round(Unrounded(work, practiceExpense, malpractice, locality, conversionFactor));

    /// <summary>The exact amount before the one rounding.</summary>
    public static decimal Unrounded(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor)
        => ((Fixed.Hundredths(work) * locality.WorkGpci)
            + (Fixed.Hundredths(practiceExpense) * locality.PracticeExpenseGpci)
            + (Fixed.Hundredths(malpractice) * locality.MalpracticeGpci)) * conversionFactor;

    /// <summary>To the cent, half away from zero: the one rounding of a computed amount.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
