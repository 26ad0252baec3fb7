namespace MedPayIQ.Pricing;

/// <summary>One row of the Medicare Part B drug payment limit (ASP) file.</summary>
/// <param name="Hcpcs">The drug's HCPCS code.</param>
/// <param name="Dosage">HCPCS Code Dosage: the amount of drug one billing unit stands for (<c>1 MG</c>).</param>
/// <param name="PaymentLimit">Payment Limit: the payment allowance for one billing unit (106 % of ASP, as published; three decimals); <c>null</c> where the file says N/A (the contractor prices it).</param>
/// <param name="CoinsurancePercent">Co-insurance Percentage (20, or 0 for vaccines and drugs without coinsurance).</param>
/// <param name="VaccineLimit">Vaccine Limit, when the file gives one.</param>
/// <param name="BloodLimit">Blood limit, when the file gives one.</param>
/// <param name="Notes">Notes, or empty.</param>
public readonly record struct DrugPaymentLimit(HcpcsCode Hcpcs, string Dosage, decimal? PaymentLimit, decimal CoinsurancePercent, decimal? VaccineLimit, decimal? BloodLimit, string Notes);

/// <summary>
/// One quarter's Medicare Part B drug payment limit file (ASP pricing file): the payment limit per billing unit of each
/// drug code (one row a code, by code), and its coinsurance percentage. Immutable and thread-safe; lookups allocate nothing.
/// </summary>
public sealed class DrugPaymentLimits : QuarterlySchedule<DrugPaymentLimit>
{
    internal DrugPaymentLimits(int year, int quarter, DrugPaymentLimit[] limits, ReleaseProvenance provenance)
        : base(year, quarter, limits, static l => l.Hcpcs, provenance)
    {
    }

    /// <summary>The file's name, such as <c>ASP 2026 Q3</c>.</summary>
    public override string Name => $"ASP {Year} Q{Quarter}";

    /// <summary>The payment limit of a drug code. Allocates nothing.</summary>
    /// <param name="code">The HCPCS code.</param>
    /// <param name="limit">The row.</param>
    public bool TryGet(HcpcsCode code, out DrugPaymentLimit limit)
    {
        if (!FirstRow.TryGetValue(code, out int i))
        {
            limit = default;
            return false;
        }

        limit = RowArray[i]; // one row a code
        return true;
    }

    /// <inheritdoc/>
    public override string Summary => FormattableString.Invariant($"{CodeCount:N0} drug codes");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Summary})";
}
