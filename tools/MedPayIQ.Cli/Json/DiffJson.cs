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
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ClinicalLabDiffJson? ClinicalLab)
{
    public static DiffJson Of(ReleaseComparison diff, (ClinicalLabFeeSchedule From, ClinicalLabFeeSchedule To, List<ClinicalLabRateChange> Changes)? lab) => new(
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
        lab is var (a, b, changes)
            ? new ClinicalLabDiffJson(a.Name, b.Name, changes.Count(c => c.From is null), changes.Count(c => c.To is null), changes.Count(c => c.From is not null && c.To is not null),
                [.. changes.Select(c => new LabRateChangeJson(
                    c.Hcpcs.ToString(),
                    c.Modifier.ToString(),
                    c.From is null ? "added" : c.To is null ? "deleted" : "changed",
                    c.From is { } f ? new LabRateJson(f.Rate, ((char)f.Indicator).ToString(), f.EffectiveFrom) : null,
                    c.To is { } t ? new LabRateJson(t.Rate, ((char)t.Indicator).ToString(), t.EffectiveFrom) : null))])
            : null);
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
