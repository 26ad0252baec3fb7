using System.Text.Json.Serialization;
using MedPayIQ.Insights;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary><c>diff --json</c>: what changed between two releases or two dates of service.</summary>
internal sealed record DiffJson(
    string From,
    DateOnly FromDate,
    string To,
    DateOnly ToDate,
    string[] Notes,
    DiffRowJson[] Rows,
    NcciEditJson[] NcciEdits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClinicalLabDiffJson? ClinicalLab,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DmeposDiffJson? Dmepos,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DmeposDiffJson? DmeposNutrition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DrugDiffJson? Drugs)
{
    public static DiffJson Of(ReleaseComparison diff) => new(
        diff.From.Id.ToString(),
        diff.FromDate,
        diff.To.Id.ToString(),
        diff.ToDate,
        [.. diff.Notes],
        [.. diff.Rows.Select(row => new DiffRowJson(
            row.Hcpcs.ToString(),
            row.Modifier.ToString(),
            row.Kind.ToString().ToLowerInvariant(),
            [.. row.Fields.Select(f => new FieldChangeJson(f.Field, f.From, f.To))],
            [.. row.Amounts.Select(a => new AmountChangeJson(a.Locality.IsSome ? a.Locality.ToString() : "national", a.Setting == PricingSetting.Facility ? "facility" : "non-facility", a.From, a.To))]))],
        [.. diff.NcciEdits.Select(e => new NcciEditJson(e.Table.ToString(), e.Kind.ToString().ToLowerInvariant(), e.Key, e.From, e.To))],
        diff.ClinicalLab is { Changes: { Length: > 0 } changes } lab
            ? new ClinicalLabDiffJson(lab.From.Name, lab.To.Name, changes.Count(c => c.From is null), changes.Count(c => c.To is null), changes.Count(c => c.From is not null && c.To is not null),
                [.. changes.Select(c => new LabRateChangeJson(
                    c.Hcpcs.ToString(),
                    c.Modifier.ToString(),
                    c.From is null ? "added" : c.To is null ? "deleted" : "changed",
                    c.From is { } f ? new LabRateJson(f.Rate, ((char)f.Indicator).ToString(), f.EffectiveFrom) : null,
                    c.To is { } t ? new LabRateJson(t.Rate, ((char)t.Indicator).ToString(), t.EffectiveFrom) : null))])
            : null,
        DmeposDiffJson.Of(diff.Dmepos),
        DmeposDiffJson.Of(diff.DmeposNutrition),
        diff.Drugs is { Changes: { Length: > 0 } drugs } asp
            ? new DrugDiffJson(asp.From.Name, asp.To.Name, drugs.Count(c => c.Kind == ChangeKind.Added), drugs.Count(c => c.Kind == ChangeKind.Deleted), drugs.Count(c => c.Kind == ChangeKind.Changed),
                [.. drugs.Select(c => new DrugChangeJson(c.Hcpcs.ToString(), c.Kind.ToString().ToLowerInvariant(), DrugLimitJson.Of(c.From), DrugLimitJson.Of(c.To)))])
            : null);
}

/// <summary>The DMEPOS (or PEN) files of the two dates, when both are loaded and differ: the rows added, deleted, or whose amounts changed in some states (absent when none of the range changed).</summary>
internal sealed record DmeposDiffJson(string From, string To, int Added, int Deleted, int Changed, DmeposRowJson[] Rows)
{
    public static DmeposDiffJson? Of(DmeposComparison? diff) => diff is { Rows: { Length: > 0 } rows }
        ? new DmeposDiffJson(diff.From.Name, diff.To.Name, rows.Count(r => r.Kind == ChangeKind.Added), rows.Count(r => r.Kind == ChangeKind.Deleted), rows.Count(r => r.Kind == ChangeKind.Changed),
            [.. rows.Select(r => new DmeposRowJson(r.Hcpcs.ToString(), r.Modifier.ToString(), r.Modifier2.ToString(), r.Kind.ToString().ToLowerInvariant(),
                [.. r.States.Select(s => new DmeposStateJson(s.State, s.NonRuralFrom, s.NonRuralTo, s.RuralFrom, s.RuralTo))]))])
        : null;
}

/// <summary>A DMEPOS row (code, Mod, Mod2) added, deleted or changed, with the states whose amounts changed.</summary>
internal sealed record DmeposRowJson(string Hcpcs, string Modifier, string Modifier2, string Change, DmeposStateJson[] States);

/// <summary>A state's non-rural and rural amounts before and after (null: no amount).</summary>
internal sealed record DmeposStateJson(string State, decimal? NonRuralFrom, decimal? NonRuralTo, decimal? RuralFrom, decimal? RuralTo);

/// <summary>The ASP files of the two dates, when both are loaded and differ: the drugs added, deleted or changed.</summary>
internal sealed record DrugDiffJson(string From, string To, int Added, int Deleted, int Changed, DrugChangeJson[] Drugs);

/// <summary>A drug's ASP row before and after.</summary>
internal sealed record DrugChangeJson(string Hcpcs, string Change, DrugLimitJson? From, DrugLimitJson? To);

/// <summary>An ASP row: dosage, payment limit per billing unit (null: N/A), coinsurance percentage, vaccine and blood limits.</summary>
internal sealed record DrugLimitJson(string Dosage, decimal? PaymentLimit, decimal CoinsurancePercent, decimal? VaccineLimit, decimal? BloodLimit)
{
    public static DrugLimitJson? Of(DrugPaymentLimit? limit)
        => limit is { } l ? new DrugLimitJson(l.Dosage, l.PaymentLimit, l.CoinsurancePercent, l.VaccineLimit, l.BloodLimit) : null;
}

/// <summary>The CLFS quarters of the two dates, when both are loaded and differ: the lab rates added, deleted or changed (absent when none of the range changed).</summary>
internal sealed record ClinicalLabDiffJson(string From, string To, int Added, int Deleted, int Changed, LabRateChangeJson[] Rates);

/// <summary>A lab code's rate in one quarter and the other.</summary>
internal sealed record LabRateChangeJson(string Hcpcs, string Modifier, string Change, LabRateJson? From, LabRateJson? To);

/// <summary>A CLFS rate: the amount, the indicator (N national limit, L contractor priced), its EFF_DATE.</summary>
internal sealed record LabRateJson(decimal Rate, string Indicator, DateOnly EffectiveFrom);

/// <summary>A row added, deleted or changed.</summary>
internal sealed record DiffRowJson(string Hcpcs, string Modifier, string Change, FieldChangeJson[] Fields, AmountChangeJson[] Amounts);

/// <summary>A CMS column's value before and after.</summary>
internal sealed record FieldChangeJson(string Field, string From, string To);

/// <summary>An amount before and after, national or of a locality, in a setting.</summary>
internal sealed record AmountChangeJson(string Locality, string Setting, decimal? From, decimal? To);

/// <summary>An NCCI edit in force on one date and not the other, or changed.</summary>
internal sealed record NcciEditJson(string Table, string Change, string Key, string? From, string? To);
