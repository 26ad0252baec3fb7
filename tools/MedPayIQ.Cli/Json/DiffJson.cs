using MedPayIQ.Insights;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary><c>diff --json</c>: what changed between two releases or two dates of service.</summary>
internal sealed record DiffJson(string From, DateOnly FromDate, string To, DateOnly ToDate, string[] Notes, DiffRowJson[] Rows, NcciEditJson[] NcciEdits)
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
        [.. diff.NcciEdits.Select(e => new NcciEditJson(e.Table.ToString(), e.Kind.ToString().ToLowerInvariant(), e.Key, e.From, e.To))]);
}

/// <summary>A row added, deleted or changed.</summary>
internal sealed record DiffRowJson(string Hcpcs, string Modifier, string Change, FieldChangeJson[] Fields, AmountChangeJson[] Amounts);

/// <summary>A CMS column's value before and after.</summary>
internal sealed record FieldChangeJson(string Field, string From, string To);

/// <summary>An amount before and after, national or of a locality, in a setting.</summary>
internal sealed record AmountChangeJson(string Locality, string Setting, decimal? From, decimal? To);

/// <summary>An NCCI edit in force on one date and not the other, or changed.</summary>
internal sealed record NcciEditJson(string Table, string Change, string Key, string? From, string? To);
