using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The fee schedule that pays a line (the calculator routes each line to one).</summary>
public enum PaymentSchedule
{
    /// <summary>The Medicare Physician Fee Schedule (RVU files).</summary>
    PhysicianFeeSchedule = 0,
    /// <summary>The Clinical Laboratory Fee Schedule (CLFS): clinical diagnostic laboratory tests.</summary>
    ClinicalLaboratory,
    /// <summary>The DMEPOS fee schedule: durable medical equipment, prosthetics, orthotics and supplies.</summary>
    Dmepos,
    /// <summary>The Part B drug payment limits (ASP file).</summary>
    PartBDrugs,
}

/// <summary>The INDICATOR column of the CLFS: how a test's rate is set.</summary>
public enum ClinicalLabIndicator : byte
{
    /// <summary>N: the national limitation amount (the rate) applies.</summary>
    NationalLimit = (byte)'N',
    /// <summary>L: priced locally by the Medicare contractor; the file's rate is 0.</summary>
    ContractorPriced = (byte)'L',
}

/// <summary>One row of the Clinical Laboratory Fee Schedule.</summary>
/// <param name="Hcpcs">The test's HCPCS code.</param>
/// <param name="Modifier">The row's modifier (QW: CLIA-waived test), or none.</param>
/// <param name="EffectiveFrom">EFF_DATE: the first date of service of the row.</param>
/// <param name="Indicator">N (national limit) or L (contractor priced).</param>
/// <param name="Rate">RATE: the payment rate, dollars (0 for L rows).</param>
public readonly record struct ClinicalLabRate(HcpcsCode Hcpcs, Modifier Modifier, DateOnly EffectiveFrom, ClinicalLabIndicator Indicator, decimal Rate);

/// <summary>A CLFS row added, deleted or changed (rate or indicator) between two quarters.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Modifier">The row's modifier.</param>
/// <param name="From">The row in the earlier quarter (the latest of its effective dates), or <c>null</c> when added.</param>
/// <param name="To">The row in the later quarter, or <c>null</c> when deleted.</param>
public readonly record struct ClinicalLabRateChange(HcpcsCode Hcpcs, Modifier Modifier, ClinicalLabRate? From, ClinicalLabRate? To);

/// <summary>
/// One quarterly Clinical Laboratory Fee Schedule file (CMS's 26CLABQ2...): a rate per HCPCS code and modifier, with
/// each row's effective date, and the file's provenance. Immutable and thread-safe; lookups allocate nothing.
/// </summary>
public sealed class ClinicalLabFeeSchedule : QuarterlySchedule<ClinicalLabRate>
{
    internal ClinicalLabFeeSchedule(int year, int quarter, ClinicalLabRate[] rates, ReleaseProvenance provenance)
        : base(year, quarter, Sorted(rates), static r => r.Hcpcs, provenance)
    {
    }

    /// <summary>The schedule's name, such as <c>CLFS 2026 Q2</c>.</summary>
    public override string Name => $"CLFS {Year} Q{Quarter}";

    /// <summary>
    /// The row that applies to a code billed with <paramref name="modifiers"/> on <paramref name="dateOfService"/>: the
    /// row of a modifier the line carries (QW) when the file has one, else the row without modifier; among rows of that
    /// modifier, the latest effective on or before the date. Allocates nothing.
    /// </summary>
    /// <param name="code">The HCPCS code.</param>
    /// <param name="modifiers">The line's modifiers.</param>
    /// <param name="dateOfService">The date of service.</param>
    /// <param name="rate">The row found.</param>
    public bool TryGet(HcpcsCode code, ModifierSet modifiers, DateOnly dateOfService, out ClinicalLabRate rate)
    {
        rate = default;
        var rates = RowArray; // by code, modifier, effective date
        if (!FirstRow.TryGetValue(code, out int i))
        {
            return false;
        }

        bool found = false, foundWithModifier = false;
        for (; i < rates.Length && rates[i].Hcpcs == code; i++)
        {
            ref readonly var r = ref rates[i];
            if (r.EffectiveFrom > dateOfService)
            {
                continue;
            }

            if (r.Modifier.IsSome)
            {
                if (modifiers.Contains(r.Modifier))
                {
                    rate = r; // rows are by modifier then date: the last match is the latest
                    found = foundWithModifier = true;
                }
            }
            else if (!foundWithModifier)
            {
                rate = r;
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// The rows added, deleted, or whose rate or indicator changed from <paramref name="from"/> to
    /// <paramref name="to"/> (each side's latest row of a code and modifier), by code and modifier.
    /// </summary>
    /// <param name="from">The earlier quarter.</param>
    /// <param name="to">The later quarter.</param>
    public static ImmutableArray<ClinicalLabRateChange> Compare(ClinicalLabFeeSchedule from, ClinicalLabFeeSchedule to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = Latest(from.RowArray);
        var b = Latest(to.RowArray);
        var changes = ImmutableArray.CreateBuilder<ClinicalLabRateChange>();
        foreach (var key in a.Keys.Union(b.Keys).Order())
        {
            ClinicalLabRate? x = a.TryGetValue(key, out var ra) ? ra : null, y = b.TryGetValue(key, out var rb) ? rb : null;
            if (x is null || y is null || x.Value.Rate != y.Value.Rate || x.Value.Indicator != y.Value.Indicator)
            {
                var row = (x ?? y)!.Value;
                changes.Add(new ClinicalLabRateChange(row.Hcpcs, row.Modifier, x, y));
            }
        }

        return changes.ToImmutable();
    }

    private static Dictionary<long, ClinicalLabRate> Latest(ClinicalLabRate[] rates)
    {
        var latest = new Dictionary<long, ClinicalLabRate>(rates.Length);
        foreach (var r in rates) // by code, modifier, date: the last of a key is its latest
        {
            latest[((long)r.Hcpcs.PackedValue << 32) | (uint)r.Modifier.PackedValue] = r;
        }

        return latest;
    }

    private static ClinicalLabRate[] Sorted(ClinicalLabRate[] rates)
    {
        Array.Sort(rates, static (a, b) => a.Hcpcs != b.Hcpcs ? a.Hcpcs.CompareTo(b.Hcpcs) : a.Modifier != b.Modifier ? a.Modifier.CompareTo(b.Modifier) : a.EffectiveFrom.CompareTo(b.EffectiveFrom));
        return rates;
    }

    /// <inheritdoc/>
    public override string Summary => FormattableString.Invariant($"{RowArray.Length:N0} rates, {CodeCount:N0} codes");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Summary})";
}
