using System.Collections.Immutable;

namespace MedPayIQ.Insights;

/// <summary>The insight sources in the one order a report lists their insights (and docs/insights.md documents).</summary>
internal static class InsightSources
{
    /// <summary>Fee schedule facts first (validity, status, the other Part B schedules, price, components, surgery, family), then the NCCI edits, then the denial history of the user's remittances.</summary>
    public static readonly ImmutableArray<InsightSource> Ordered =
    [
        new ValiditySource(),
        new StatusSource(),
        new PartBScheduleSource(),
        new CostSharingSource(),
        new LabRateChangeSource(),
        new DmeposRuralSource(),
        new PriceSource(),
        new OppsCapSource(),
        new ComponentsSource(),
        new SettingNotApplicableSource(),
        new GlobalPeriodSource(),
        new BilateralSource(),
        new AssistantAtSurgerySource(),
        new CoSurgerySource(),
        new TeamSurgerySource(),
        new MultipleProcedureSource(),
        new FamilySource(),
        new UnitsLimitSource(),
        new BundledIntoSource(),
        new BundlesSource(),
        new AddOnSource(),
        new AddOnsAcceptedSource(),
        new DenialHistorySource(),
    ];

    /// <summary>The kinds in report order.</summary>
    public static readonly ImmutableArray<InsightKind> Order = [.. Ordered.Select(s => s.Kind)];
}
