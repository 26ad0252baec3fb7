using MedPayIQ.Ncci;

namespace MedPayIQ.Cli.Json;

/// <summary><c>check --json</c>: the findings of a claim's NCCI check.</summary>
internal sealed record CheckJson(int Lines, bool HasDenials, FindingJson[] Findings, string[] Notes)
{
    public static CheckJson Of(NcciCheck check, int lines) => new(
        lines,
        check.HasDenials,
        [.. check.Findings.Select(f => new FindingJson(
            f.Kind.ToString(),
            [.. f.Lines],
            f.DeniedLine,
            [.. f.DeniedLines],
            f.DenialCode,
            f.UnitsOver,
            f.Edit,
            f.Reason,
            f.Fix,
            new TableJson(f.Source.Kind.ToString(), f.Source.Version, f.Source.EffectiveFrom, string.Join(" ", f.Source.FileNames), f.Source.Sha256)))],
        [.. check.Notes]);
}

/// <summary><c>check --json</c> of an 837P file: each claim's id and check.</summary>
internal sealed record X12CheckJson(string ClaimId, CheckJson Check);

/// <summary>One finding: its lines, the line(s) denied, the denial code, the edit and the fix.</summary>
internal sealed record FindingJson(
    string Kind,
    int[] Lines,
    int? DeniedLine,
    int[] DeniedLines,
    string? DenialCode,
    int UnitsOver,
    string Edit,
    string Reason,
    string Fix,
    TableJson Table);

/// <summary>The NCCI table a finding comes from.</summary>
internal sealed record TableJson(string Kind, string Version, DateOnly EffectiveFrom, string Files, string Sha256);
