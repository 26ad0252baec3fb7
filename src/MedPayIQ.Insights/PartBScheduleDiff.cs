using System.Collections.Immutable;
using System.Globalization;

namespace MedPayIQ.Insights;

/// <summary>The CLFS quarters in force on the two dates of a comparison, and the rows added, deleted or changed (rate or indicator).</summary>
/// <param name="From">The earlier date's quarter.</param>
/// <param name="To">The later date's quarter.</param>
/// <param name="Changes">The rows that differ, by code and modifier (<see cref="ClinicalLabFeeSchedule.Compare"/>).</param>
public sealed record ClinicalLabComparison(ClinicalLabFeeSchedule From, ClinicalLabFeeSchedule To, ImmutableArray<ClinicalLabRateChange> Changes);

/// <summary>A state's DMEPOS amounts of a row that differ between two files (dollars; <c>null</c> where the file has no amount: a rural column of 0.00).</summary>
/// <param name="State">The state (two letters).</param>
/// <param name="NonRuralFrom">The earlier non-rural (NR) amount.</param>
/// <param name="NonRuralTo">The later non-rural amount.</param>
/// <param name="RuralFrom">The earlier rural (R) amount.</param>
/// <param name="RuralTo">The later rural amount.</param>
public sealed record DmeposStateChange(string State, decimal? NonRuralFrom, decimal? NonRuralTo, decimal? RuralFrom, decimal? RuralTo)
{
    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{State} NR {Show(NonRuralFrom)} -> {Show(NonRuralTo)}, R {Show(RuralFrom)} -> {Show(RuralTo)}");

    private static string Show(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>A DMEPOS row (code and its pricing modifiers) added, deleted, or whose amounts in some states changed.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Modifier">Mod.</param>
/// <param name="Modifier2">Mod2.</param>
/// <param name="Kind">Added, deleted or changed.</param>
/// <param name="States">For a changed row, the states whose non-rural or rural amount differs; empty for a row added or deleted.</param>
public sealed record DmeposRowChange(HcpcsCode Hcpcs, Modifier Modifier, Modifier Modifier2, ChangeKind Kind, ImmutableArray<DmeposStateChange> States)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Hcpcs}{(Modifier.IsSome ? "-" + Modifier : "")}{(Modifier2.IsSome ? "-" + Modifier2 : "")} {Kind}";
}

/// <summary>The DMEPOS (or PEN) files in force on the two dates of a comparison, and the rows that differ.</summary>
/// <param name="From">The earlier date's file.</param>
/// <param name="To">The later date's file.</param>
/// <param name="Rows">The rows added, deleted or changed, by code and modifiers.</param>
public sealed record DmeposComparison(DmeposFeeSchedule From, DmeposFeeSchedule To, ImmutableArray<DmeposRowChange> Rows);

/// <summary>A drug's ASP row added, deleted, or whose payment limit, coinsurance, dosage, vaccine or blood limit changed.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Kind">Added, deleted or changed.</param>
/// <param name="From">The earlier row, or <c>null</c> when added.</param>
/// <param name="To">The later row, or <c>null</c> when deleted.</param>
public sealed record DrugLimitChange(HcpcsCode Hcpcs, ChangeKind Kind, DrugPaymentLimit? From, DrugPaymentLimit? To)
{
    /// <summary>The later payment limit less the earlier, per billing unit, when both are given.</summary>
    public decimal? Difference => From?.PaymentLimit is { } f && To?.PaymentLimit is { } t ? t - f : null;
}

/// <summary>The ASP payment limit files in force on the two dates of a comparison, and the rows that differ.</summary>
/// <param name="From">The earlier date's file.</param>
/// <param name="To">The later date's file.</param>
/// <param name="Changes">The rows added, deleted or changed, by code.</param>
public sealed record DrugComparison(DrugPaymentLimits From, DrugPaymentLimits To, ImmutableArray<DrugLimitChange> Changes);

/// <summary>Compares the other Part B schedules (CLFS, DMEPOS, PEN, ASP) in force on two dates, where both dates have a file of the kind and the files differ.</summary>
internal static class PartBScheduleDiff
{
    /// <summary>
    /// The file of a kind in force on a date, as the comparison reads it: the latest of the date's year effective on or
    /// before it; <c>null</c> when none is loaded.
    /// </summary>
    public static T? InForce<T>(ImmutableArray<T> files, DateOnly date, Func<T, int> year, Func<T, DateOnly> from)
        where T : class
        => files.LastOrDefault(f => year(f) == date.Year && from(f) <= date);

    public static ClinicalLabComparison? Lab(FeeScheduleCatalog catalog, DateOnly fromDate, DateOnly toDate, CodeRange? codes)
    {
        var a = InForce(catalog.ClinicalLabSchedules, fromDate, s => s.Year, s => s.EffectiveFrom);
        var b = InForce(catalog.ClinicalLabSchedules, toDate, s => s.Year, s => s.EffectiveFrom);
        return a is null || b is null || ReferenceEquals(a, b)
            ? null
            : new ClinicalLabComparison(a, b, [.. ClinicalLabFeeSchedule.Compare(a, b).Where(c => codes is not { } range || range.Contains(c.Hcpcs))]);
    }

    public static DmeposComparison? Dmepos(ImmutableArray<DmeposFeeSchedule> files, DateOnly fromDate, DateOnly toDate, CodeRange? codes)
    {
        var a = InForce(files, fromDate, s => s.Year, s => s.EffectiveFrom);
        var b = InForce(files, toDate, s => s.Year, s => s.EffectiveFrom);
        if (a is null || b is null || ReferenceEquals(a, b))
        {
            return null;
        }

        var left = Rows(a, codes);
        var right = Rows(b, codes);
        var states = a.States.Union(b.States, StringComparer.Ordinal).ToList();
        var rows = ImmutableArray.CreateBuilder<DmeposRowChange>();
        foreach (var key in left.Union(right).OrderBy(k => k.Hcpcs).ThenBy(k => k.Modifier).ThenBy(k => k.Modifier2))
        {
            bool inA = left.Contains(key), inB = right.Contains(key);
            if (!inA || !inB)
            {
                rows.Add(new DmeposRowChange(key.Hcpcs, key.Modifier, key.Modifier2, inA ? ChangeKind.Deleted : ChangeKind.Added, []));
                continue;
            }

            var modifiers = key.Modifier2.IsSome ? ModifierSet.Of(key.Modifier, key.Modifier2) : key.Modifier.IsSome ? ModifierSet.Of(key.Modifier) : default;
            var changed = ImmutableArray.CreateBuilder<DmeposStateChange>();
            foreach (var state in states)
            {
                var (nrA, rA) = Amounts(a, key.Hcpcs, modifiers, state);
                var (nrB, rB) = Amounts(b, key.Hcpcs, modifiers, state);
                if (nrA != nrB || rA != rB)
                {
                    changed.Add(new DmeposStateChange(state, nrA, nrB, rA, rB));
                }
            }

            if (changed.Count > 0)
            {
                rows.Add(new DmeposRowChange(key.Hcpcs, key.Modifier, key.Modifier2, ChangeKind.Changed, changed.ToImmutable()));
            }
        }

        return new DmeposComparison(a, b, rows.ToImmutable());
    }

    public static DrugComparison? Drugs(FeeScheduleCatalog catalog, DateOnly fromDate, DateOnly toDate, CodeRange? codes)
    {
        var a = InForce(catalog.DrugPaymentLimits, fromDate, s => s.Year, s => s.EffectiveFrom);
        var b = InForce(catalog.DrugPaymentLimits, toDate, s => s.Year, s => s.EffectiveFrom);
        if (a is null || b is null || ReferenceEquals(a, b))
        {
            return null;
        }

        var before = a.Rows.Where(l => codes is not { } r || r.Contains(l.Hcpcs)).GroupBy(l => l.Hcpcs).ToDictionary(g => g.Key, g => g.First());
        var after = b.Rows.Where(l => codes is not { } r || r.Contains(l.Hcpcs)).GroupBy(l => l.Hcpcs).ToDictionary(g => g.Key, g => g.First());
        var changes = ImmutableArray.CreateBuilder<DrugLimitChange>();
        foreach (var code in before.Keys.Union(after.Keys).Order())
        {
            DrugPaymentLimit? x = before.TryGetValue(code, out var l1) ? l1 : null, y = after.TryGetValue(code, out var l2) ? l2 : null;
            if (x is null || y is null)
            {
                changes.Add(new DrugLimitChange(code, x is null ? ChangeKind.Added : ChangeKind.Deleted, x, y));
            }
            else if (x.Value.PaymentLimit != y.Value.PaymentLimit || x.Value.CoinsurancePercent != y.Value.CoinsurancePercent || x.Value.VaccineLimit != y.Value.VaccineLimit
                || x.Value.BloodLimit != y.Value.BloodLimit || !string.Equals(x.Value.Dosage, y.Value.Dosage, StringComparison.Ordinal))
            {
                changes.Add(new DrugLimitChange(code, ChangeKind.Changed, x, y));
            }
        }

        return new DrugComparison(a, b, changes.ToImmutable());
    }

    /// <summary>The distinct rows (code, Mod, Mod2) of a file within the codes.</summary>
    private static HashSet<(HcpcsCode Hcpcs, Modifier Modifier, Modifier Modifier2)> Rows(DmeposFeeSchedule file, CodeRange? codes)
    {
        var rows = new HashSet<(HcpcsCode, Modifier, Modifier)>();
        foreach (var item in file.Rows)
        {
            if (codes is not { } range || range.Contains(item.Hcpcs))
            {
                rows.Add((item.Hcpcs, item.Modifier, item.Modifier2));
            }
        }

        return rows;
    }

    /// <summary>A row's non-rural and rural amounts in a state, as the calculator reads them (<c>null</c>: no amount, or no rural amount).</summary>
    private static (decimal? NonRural, decimal? Rural) Amounts(DmeposFeeSchedule file, HcpcsCode code, ModifierSet modifiers, string state)
    {
        decimal? nonRural = file.TryGetAmount(code, modifiers, state, rural: false, out var nr) ? nr.Amount : null;
        decimal? rural = file.TryGetAmount(code, modifiers, state, rural: true, out var r) && r.Rural ? r.Amount : null;
        return (nonRural, rural);
    }
}
