using System.Text.Json.Serialization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary>A release loaded: <c>releases --json</c>, and the release of <c>rvu --json</c>.</summary>
internal sealed record ReleaseJson(
    string Id,
    DateOnly EffectiveFrom,
    DateOnly EffectiveThrough,
    decimal ConversionFactor,
    int RvuRows,
    string Origin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? ReleasedOn,
    SourceFileJson[] Files,
    string[] Notes)
{
    public static ReleaseJson Of(FeeScheduleRelease r) => new(
        r.Id.ToString(),
        r.EffectiveFrom,
        r.NominalEffectiveThrough,
        r.ConversionFactor,
        r.Rvus.Count,
        r.Provenance.Origin,
        r.Provenance.ReleasedOn,
        [.. r.Provenance.Files.Select(f => new SourceFileJson(f.Kind.ToString(), f.Name, f.Length, f.Sha256))],
        [.. r.Provenance.Notes]);
}

/// <summary>A file a release was loaded from.</summary>
internal sealed record SourceFileJson(string Kind, string Name, long Length, string Sha256);

/// <summary><c>rvu --json</c>: a code's PPRRVU rows in a release, and why that release.</summary>
internal sealed record RvuJson(string Hcpcs, ReleaseJson Release, string ReleaseChoice, RvuRowJson[] Rows);

/// <summary>One PPRRVU row with its indicators.</summary>
internal sealed record RvuRowJson(
    string Modifier,
    string? Description,
    string Status,
    decimal WorkRvu,
    decimal NonFacilityPeRvu,
    bool NonFacilityNotApplicable,
    decimal FacilityPeRvu,
    bool FacilityNotApplicable,
    decimal MalpracticeRvu,
    decimal NonFacilityTotalRvu,
    decimal FacilityTotalRvu,
    int PcTc,
    string GlobalDays,
    decimal PreOpShare,
    decimal IntraOpShare,
    decimal PostOpShare,
    int MultipleProcedure,
    int BilateralSurgery,
    int AssistantAtSurgery,
    int CoSurgeons,
    int TeamSurgery,
    string EndoscopicBaseCode,
    decimal ConversionFactor,
    int PhysicianSupervision,
    int DiagnosticImagingFamily,
    decimal OppsNonFacilityPeRvu,
    decimal OppsFacilityPeRvu,
    decimal OppsMalpracticeRvu)
{
    public static RvuRowJson Of(FeeScheduleRelease r, RvuEntry e) => new(
        e.Modifier.ToString(),
        r.Rvus.GetDescription(e),
        ((char)e.Status).ToString(),
        e.WorkRvu,
        e.NonFacilityPracticeExpenseRvu,
        e.NonFacilityNotApplicable,
        e.FacilityPracticeExpenseRvu,
        e.FacilityNotApplicable,
        e.MalpracticeRvu,
        e.NonFacilityTotalRvu,
        e.FacilityTotalRvu,
        (int)e.PcTc,
        IndicatorCodes.GlobalDays(e.GlobalPeriod),
        e.PreOperativeShare,
        e.IntraOperativeShare,
        e.PostOperativeShare,
        (int)e.MultipleProcedure,
        (int)e.BilateralSurgery,
        (int)e.AssistantAtSurgery,
        (int)e.CoSurgeons,
        (int)e.TeamSurgery,
        e.EndoscopicBaseCode.ToString(),
        e.ConversionFactor,
        (int)e.PhysicianSupervision,
        (int)e.DiagnosticImagingFamily,
        e.OppsNonFacilityPracticeExpenseRvu,
        e.OppsFacilityPracticeExpenseRvu,
        e.OppsMalpracticeRvu);
}
