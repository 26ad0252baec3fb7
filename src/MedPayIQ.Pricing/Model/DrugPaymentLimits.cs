using System.Collections.Frozen;
using System.Collections.Immutable;

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
/// drug code, and its coinsurance percentage. Immutable and thread-safe; lookups allocate nothing.
/// </summary>
public sealed class DrugPaymentLimits : IQuarterlySchedule
{
    private readonly FrozenDictionary<int, DrugPaymentLimit> _limits;
    private readonly CodePrefixFilter _filter;

    internal DrugPaymentLimits(int year, int quarter, FrozenDictionary<int, DrugPaymentLimit> limits, ReleaseProvenance provenance)
    {
        Year = year;
        Quarter = quarter;
        EffectiveFrom = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        NominalEffectiveThrough = EffectiveFrom.AddMonths(3).AddDays(-1);
        _limits = limits;
        _filter = CodePrefixFilter.Of(limits.Keys);
        Provenance = provenance;
    }

    /// <summary>The file's name, such as <c>ASP 2026 Q3</c>.</summary>
    public string Name => $"ASP {Year} Q{Quarter}";

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The quarter, 1 to 4.</summary>
    public int Quarter { get; }

    /// <summary>The first day of the quarter.</summary>
    public DateOnly EffectiveFrom { get; }

    /// <summary>The last day of the quarter.</summary>
    public DateOnly NominalEffectiveThrough { get; }

    /// <summary>The number of drug codes.</summary>
    public int Count => _limits.Count;

    /// <summary>Every row, by code.</summary>
    public ImmutableArray<DrugPaymentLimit> Limits => [.. _limits.Values.OrderBy(l => l.Hcpcs)];

    /// <summary>The file loaded, its SHA-256, and notes.</summary>
    public ReleaseProvenance Provenance { get; }

    /// <summary>The payment limit of a drug code.</summary>
    /// <param name="code">The HCPCS code.</param>
    /// <param name="limit">The row.</param>
    public bool TryGet(HcpcsCode code, out DrugPaymentLimit limit)
    {
        if (!_filter.MayList(code))
        {
            limit = default;
            return false;
        }

        return _limits.TryGetValue(code.PackedValue, out limit);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Count} codes)";
}
