using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// One row of CMS's Physician Fee Schedule payment amount file (PFALL/PFREV, 16 quoted fields): a code's fee schedule
/// amounts in one carrier/locality. Amounts are dollars, rounded once to the cent, half away from zero.
/// </summary>
/// <param name="Year">Fee schedule year.</param>
/// <param name="Locality">Carrier and locality.</param>
/// <param name="Hcpcs">HCPCS code.</param>
/// <param name="Modifier">Blank (global), 26, TC or 53.</param>
/// <param name="NonFacilityAmount">Non-facility fee schedule amount (before the OPPS cap: the cap's amount is <paramref name="OppsNonFacilityAmount"/>).</param>
/// <param name="FacilityAmount">Facility fee schedule amount (before the OPPS cap).</param>
/// <param name="PcTc">PC/TC indicator.</param>
/// <param name="Status">Status code.</param>
/// <param name="MultipleSurgery">Multiple procedure indicator.</param>
/// <param name="TherapyReductionNonInstitutional">For therapy codes (multiple procedure indicator 5): the amount with 50% of the non-facility PE; 0 otherwise.</param>
/// <param name="TherapyReductionInstitutional">For therapy codes: the amount with 50% of the facility PE; 0 otherwise.</param>
/// <param name="OppsCapApplies">OPPS indicator: whether the row has OPPS-cap RVUs (1 in the file; 9 when not).</param>
/// <param name="OppsNonFacilityAmount">The OPPS-based non-facility amount (the cap); 0 when the cap does not apply.</param>
/// <param name="OppsFacilityAmount">The OPPS-based facility amount; 0 when the cap does not apply.</param>
public readonly record struct PaymentAmountRow(
    int Year, LocalityKey Locality, HcpcsCode Hcpcs, Modifier Modifier, decimal NonFacilityAmount, decimal FacilityAmount,
    PcTcIndicator PcTc, StatusCode Status, MultipleProcedureIndicator MultipleSurgery,
    decimal TherapyReductionNonInstitutional, decimal TherapyReductionInstitutional,
    bool OppsCapApplies, decimal OppsNonFacilityAmount, decimal OppsFacilityAmount);

/// <summary>
/// Builds the rows CMS publishes in its payment amount files (PFALLyy, PFREVyy) from a release, and writes them in
/// CMS's 16-field quoted layout, so a user's own fee schedule can be compared with CMS's line for line.
/// </summary>
/// <remarks>
/// What the rows hold follows CMS's own files (PFCA25A and PFREV25C samples, every row reproduced by the tests):
/// the rows of status A, T and R codes with RVUs, in code and modifier order; fee amounts before the OPPS cap, with the
/// OPPS-based amounts in fields 15-16 when the row carries OPPS RVUs. The therapy-reduction fields follow the PF
/// layout text (50% of the PE for multiple procedure indicator 5); the samples hold no therapy code to check them on.
/// The trailer (TRL) lines are not written.
/// CMS also writes the Primary Care First flat visit fee in field 12 of the model's visit codes (PF25PC layout,
/// FFS 11896); the rows carry it only when a <see cref="PcfFlatVisitFee"/> is given, since its codes and amounts are
/// not determined by the release (docs/payment-amount-files.md). Without one, field 12 holds what the release
/// determines, as before.
/// </remarks>
public static class PaymentAmountFile
{
    /// <summary>The rows of one carrier/locality, in code and modifier order.</summary>
    /// <exception cref="ArgumentException">The release has no GPCI file, or not that locality.</exception>
    public static IEnumerable<PaymentAmountRow> Rows(FeeScheduleRelease release, LocalityKey locality)
        => Rows(release, locality, null);

    /// <summary>
    /// The rows of one carrier/locality, in code and modifier order, with the Primary Care First flat visit fee in
    /// field 12 (and 0 in field 13) of its codes' global rows when <paramref name="flatVisitFee"/> knows the
    /// locality's amount. A locality it does not know gets the rows of <see cref="Rows(FeeScheduleRelease, LocalityKey)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The release has no GPCI file, or not that locality.</exception>
    public static IEnumerable<PaymentAmountRow> Rows(FeeScheduleRelease release, LocalityKey locality, PcfFlatVisitFee? flatVisitFee)
    {
        ArgumentNullException.ThrowIfNull(release);
        var localities = release.Localities ?? throw new ArgumentException($"{release.Id} was loaded without a GPCI file; payment amounts need GPCIs.", nameof(release));
        if (!localities.TryGet(locality, out var gpci))
        {
            throw new ArgumentException($"{release.Id} has no locality {locality}.", nameof(locality));
        }

        return RowsOf(release, locality, gpci, flatVisitFee);
    }

    /// <summary>The rows of every carrier/locality CMS prices (including 01112 with the southern California localities), carrier by carrier.</summary>
    public static IEnumerable<PaymentAmountRow> Rows(FeeScheduleRelease release)
        => Rows(release, (PcfFlatVisitFee?)null);

    /// <summary>The rows of every carrier/locality CMS prices, carrier by carrier, with the Primary Care First flat
    /// visit fee where <paramref name="flatVisitFee"/> knows the locality's amount (see <see cref="Rows(FeeScheduleRelease, LocalityKey, PcfFlatVisitFee?)"/>).</summary>
    public static IEnumerable<PaymentAmountRow> Rows(FeeScheduleRelease release, PcfFlatVisitFee? flatVisitFee)
    {
        ArgumentNullException.ThrowIfNull(release);
        var localities = release.Localities ?? throw new ArgumentException($"{release.Id} was loaded without a GPCI file; payment amounts need GPCIs.", nameof(release));
        return localities.PricedKeys.SelectMany(key => Rows(release, key, flatVisitFee));
    }

    private static IEnumerable<PaymentAmountRow> RowsOf(FeeScheduleRelease release, LocalityKey key, Locality gpci, PcfFlatVisitFee? flatVisitFee)
    {
        decimal cf = release.ConversionFactor;
        for (int i = 0; i < release.Rvus.Count; i++)
        {
            var e = release.Rvus.Rows[i];
            if (!IsPublished(e))
            {
                continue;
            }

            var row = Row(release.Year, key, gpci, cf, e);
            if (flatVisitFee is not null && flatVisitFee.TryGetFor(key, e, out var fee))
            {
                row = row with { TherapyReductionNonInstitutional = fee, TherapyReductionInstitutional = 0m };
            }

            yield return row;
        }
    }

    /// <summary>CMS's files list status A, T and R codes, R only when it has RVUs (PFCA25A: 13 R codes without RVUs are absent).</summary>
    internal static bool IsPublished(in RvuEntry e)
        => e.Status switch
        {
            StatusCode.Active or StatusCode.Injection => true,
            StatusCode.RestrictedCoverage => (e.WorkHundredths | e.NonFacilityPeHundredths | e.FacilityPeHundredths | e.MpHundredths) != 0,
            _ => false,
        };

    internal static PaymentAmountRow Row(int year, LocalityKey key, Locality gpci, decimal cf, in RvuEntry e)
    {
        long units = FeeFormula.TenThousandths(cf);
        int w = e.WorkHundredths, nf = e.NonFacilityPeHundredths, f = e.FacilityPeHundredths, mp = e.MpHundredths;
        bool therapy = e.MultipleProcedure == MultipleProcedureIndicator.Therapy;
        bool opps = e.HasOppsRvus;
        return new PaymentAmountRow(
            year, key, e.Hcpcs, e.Modifier,
            FeeFormula.Amount(w, nf, mp, gpci, cf, units),
            FeeFormula.Amount(w, f, mp, gpci, cf, units),
            e.PcTc, e.Status, e.MultipleProcedure,
            therapy ? FeeFormula.TherapyReduced(w, nf, mp, gpci, cf) : 0m,
            therapy ? FeeFormula.TherapyReduced(w, f, mp, gpci, cf) : 0m,
            opps,
            opps ? FeeFormula.Amount(w, e.OppsNonFacilityPeHundredths, e.OppsMpHundredths, gpci, cf, units) : 0m,
            opps ? FeeFormula.Amount(w, e.OppsFacilityPeHundredths, e.OppsMpHundredths, gpci, cf, units) : 0m);
    }

    /// <summary>Writes rows in CMS's layout: 16 quoted, comma-separated fields, CRLF line ends, no trailer.</summary>
    public static void Write(TextWriter writer, IEnumerable<PaymentAmountRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            writer.Write(Format(row));
            writer.Write("\r\n");
        }
    }

    /// <summary>One row in CMS's layout (without the line end), such as
    /// <c>"2025","01112","05","76145","  ","0001339.81","0001339.81"," ","3","A","0","0000000.00","0000000.00","9","0000000.00","0000000.00"</c>.</summary>
    public static string Format(in PaymentAmountRow row)
    {
        var mod = row.Modifier.IsSome ? row.Modifier.ToString() : "  ";
        return string.Create(CultureInfo.InvariantCulture,
            $"\"{row.Year:D4}\",\"{row.Locality.CarrierText}\",\"{row.Locality.LocalityText}\",\"{row.Hcpcs}\",\"{mod}\",\"{Money(row.NonFacilityAmount)}\",\"{Money(row.FacilityAmount)}\",\" \",\"{(int)row.PcTc}\",\"{(char)row.Status}\",\"{(int)row.MultipleSurgery}\",\"{Money(row.TherapyReductionNonInstitutional)}\",\"{Money(row.TherapyReductionInstitutional)}\",\"{(row.OppsCapApplies ? '1' : '9')}\",\"{Money(row.OppsNonFacilityAmount)}\",\"{Money(row.OppsFacilityAmount)}\"");
    }

    private static string Money(decimal amount) => amount.ToString("0000000.00", CultureInfo.InvariantCulture);
}
