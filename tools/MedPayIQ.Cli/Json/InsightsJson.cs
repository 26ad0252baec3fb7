using System.Globalization;
using System.Text.Json.Serialization;
using MedPayIQ.Insights;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary><c>insights --json</c>: every insight with its amounts, evidence and related codes.</summary>
internal sealed record InsightsJson(
    string Hcpcs,
    DateOnly DateOfService,
    string Location,
    string? Release,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RvuFileSha256,
    string ReleaseReason,
    InsightJson[] Insights,
    string[] Notes)
{
    public static InsightsJson Of(CodeInsightReport report) => new(
        report.Hcpcs.ToString(),
        report.Request.DateOfService,
        report.Request.Location.Kind == PricingLocationKind.National ? "national" : report.Request.Location.ToString(),
        report.Release?.Id.ToString(),
        report.Release?.RvuFileSha256,
        report.ReleaseReason,
        [.. report.Insights.Select(i => new InsightJson(
            i.Kind.ToString(),
            i.Text,
            i.Impact,
            [.. i.Amounts.Select(a => new InsightAmountJson(
                a.Label,
                a.Amount,
                a.Measure.ToString(),
                a.Claim.Setting == PricingSetting.Facility ? "facility" : "non-facility",
                [.. a.Claim.Lines.Select(line => string.Create(CultureInfo.InvariantCulture, $"{line.Hcpcs}{(line.Modifiers.Count > 0 ? "-" + line.Modifiers : "")} x{line.Units}"))],
                a.LineNumber))],
            [.. i.Evidence.Select(e => new EvidenceJson(e.Dataset, e.File, e.Row, e.Sha256))],
            [.. i.RelatedCodes.Select(c => c.ToString())]))],
        [.. report.Notes]);
}

/// <summary>One insight.</summary>
internal sealed record InsightJson(string Kind, string Text, decimal? Impact, InsightAmountJson[] Amounts, EvidenceJson[] Evidence, string[] RelatedCodes);

/// <summary>A figure of an insight and the claim priced for it.</summary>
internal sealed record InsightAmountJson(string Label, decimal Amount, string Measure, string Setting, string[] Claim, int Line);

/// <summary>The CMS row an insight states.</summary>
internal sealed record EvidenceJson(string Dataset, string File, string Row, string Sha256);
