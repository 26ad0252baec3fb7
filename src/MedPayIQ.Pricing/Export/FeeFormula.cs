namespace MedPayIQ.Pricing;

/// <summary>
/// The Physician Fee Schedule payment formula of the RVU readme:
/// [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x CF, computed exactly and rounded once, at the
/// end, to the cent, half away from zero (reproduces every CMS published amount checked).
/// </summary>
/// <remarks>
/// RVUs are whole hundredths, GPCIs whole thousandths and the CF whole ten-thousandths, so the exact product is a whole
/// number of 10^-9 dollars: computed in 64-bit integers when it fits (every real GPCI and CF), else in <see cref="decimal"/>.
/// Both are exact; the integer path is about ten times faster.
/// </remarks>
internal static class FeeFormula
{
    private const int MaxFastGpci = 100_000;          // 100.000
    private const long MaxFastFactor = 100_000_000;   // 10,000.0000 dollars per RVU

    /// <summary>The conversion factor as whole ten-thousandths, or -1 when it has more decimals or is out of range.</summary>
    public static long TenThousandths(decimal conversionFactor)
    {
        decimal scaled = conversionFactor * 10_000m;
        return scaled >= 0 && scaled < MaxFastFactor && scaled == decimal.Truncate(scaled) ? (long)scaled : -1;
    }

    /// <summary>The amount in dollars, rounded once, for RVUs in hundredths and a conversion factor in dollars per RVU.</summary>
    public static decimal Amount(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor)
        => Amount(work, practiceExpense, malpractice, locality, conversionFactor, TenThousandths(conversionFactor));

    /// <summary>As <see cref="Amount(int, int, int, Locality, decimal)"/>, with the factor's ten-thousandths already known (-1 if none).</summary>
    public static decimal Amount(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor, long factorTenThousandths)
    {
        if (factorTenThousandths >= 0 && work >= 0 && practiceExpense >= 0 && malpractice >= 0
            && locality.WorkThousandths <= MaxFastGpci && locality.PracticeExpenseThousandths <= MaxFastGpci && locality.MalpracticeThousandths <= MaxFastGpci)
        {
            // Each product <= 2^31 x 10^5, their sum < 2^50; times the factor only when that stays inside a long.
            long units = ((long)work * locality.WorkThousandths) + ((long)practiceExpense * locality.PracticeExpenseThousandths)
                + ((long)malpractice * locality.MalpracticeThousandths);
            if (factorTenThousandths == 0 || units <= (long.MaxValue - 5_000_000) / factorTenThousandths)
            {
                long cents = ((units * factorTenThousandths) + 5_000_000) / 10_000_000; // half away from zero (never negative)
                return new decimal(unchecked((int)cents), unchecked((int)(cents >> 32)), 0, false, 2);
            }
        }

        return Round(Unrounded(work, practiceExpense, malpractice, locality, conversionFactor));
    }

    /// <summary>
    /// The exact amount before the one rounding, with the factor's ten-thousandths already known (-1 if none): in whole
    /// 10^-9 dollars when it fits a long (every real GPCI and CF), else in <see cref="decimal"/>. Both are exact.
    /// </summary>
    public static decimal Unrounded(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor, long factorTenThousandths)
    {
        if (factorTenThousandths >= 0 && work >= 0 && practiceExpense >= 0 && malpractice >= 0
            && locality.WorkThousandths <= MaxFastGpci && locality.PracticeExpenseThousandths <= MaxFastGpci && locality.MalpracticeThousandths <= MaxFastGpci)
        {
            long units = ((long)work * locality.WorkThousandths) + ((long)practiceExpense * locality.PracticeExpenseThousandths)
                + ((long)malpractice * locality.MalpracticeThousandths);
            if (factorTenThousandths == 0 || units <= long.MaxValue / factorTenThousandths)
            {
                long nanos = units * factorTenThousandths; // hundredths x thousandths x ten-thousandths = 10^-9
                return new decimal(unchecked((int)nanos), unchecked((int)(nanos >> 32)), 0, false, 9);
            }
        }

        return Unrounded(work, practiceExpense, malpractice, locality, conversionFactor);
    }

    /// <summary>The exact amount before the one rounding.</summary>
    public static decimal Unrounded(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor)
        => ((Fixed.Hundredths(work) * locality.WorkGpci)
            + (Fixed.Hundredths(practiceExpense) * locality.PracticeExpenseGpci)
            + (Fixed.Hundredths(malpractice) * locality.MalpracticeGpci)) * conversionFactor;

    /// <summary>
    /// A therapy unit with 50% of its practice expense (multiple procedure indicator 5; the PF file's therapy
    /// reduction amounts), rounded once.
    /// </summary>
    public static decimal TherapyReduced(int work, int practiceExpense, int malpractice, Locality locality, decimal conversionFactor)
    {
        long factorTenThousandths = TenThousandths(conversionFactor);
        if (factorTenThousandths >= 0 && work >= 0 && practiceExpense >= 0 && malpractice >= 0
            && locality.WorkThousandths <= MaxFastGpci && locality.PracticeExpenseThousandths <= MaxFastGpci && locality.MalpracticeThousandths <= MaxFastGpci)
        {
            // Twice the RVU units, so that half the PE stays whole: the same exact amount in 10^-9 / 2 dollars.
            long doubled = (2L * work * locality.WorkThousandths) + ((long)practiceExpense * locality.PracticeExpenseThousandths)
                + (2L * malpractice * locality.MalpracticeThousandths);
            if (factorTenThousandths == 0 || doubled <= (long.MaxValue - 10_000_000) / factorTenThousandths)
            {
                long cents = ((doubled * factorTenThousandths) + 10_000_000) / 20_000_000;
                return new decimal(unchecked((int)cents), unchecked((int)(cents >> 32)), 0, false, 2);
            }
        }

        return Round(Unrounded(work, 0, malpractice, locality, conversionFactor) + (Fixed.Hundredths(practiceExpense) * locality.PracticeExpenseGpci * conversionFactor / 2));
    }

    /// <summary>To the cent, half away from zero: the one rounding of a computed amount.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
