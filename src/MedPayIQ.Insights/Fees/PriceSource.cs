using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The code's fee schedule amount in each setting asked for, NA settings marked.</summary>
internal sealed class PriceSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.Price;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        if (c.OnOtherSchedule)
        {
            return; // the physician fee schedule does not pay it: PartBScheduleSource states the schedule that does
        }

        var global = rows[0];
        var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
        decimal cf = 0m;
        foreach (var setting in c.Settings)
        {
            var (priced, factor) = c.Priced(c.Code, setting, default, 1);
            if (priced is { } a)
            {
                cf = amounts.Count == 0 ? factor : cf;
                bool na = setting == PricingSetting.Facility ? global.FacilityNotApplicable : global.NonFacilityNotApplicable;
                amounts.Add(a with { Label = Setting(setting) + (na ? " (NA)" : "") });
            }
        }

        if (amounts.Count == 0)
        {
            return;
        }

        var release = c.Release!;
        string list = string.Join(", ", amounts.Select(a => $"{Usd(a.Amount)} {a.Label}"));
        c.Add(Kind,
            $"{Capital(c.Where)} amount under {release.Id} on {Date(c.Date)}: {list} (conversion factor {cf.ToString(Inv)} $/RVU).",
            amounts[0].Amount, amounts.ToImmutable(),
            [InsightContext.RowEvidence(release, global, string.Create(Inv, $"WORK RVU {global.WorkRvu}, NON-FAC PE RVU {global.NonFacilityPracticeExpenseRvu}, FACILITY PE RVU {global.FacilityPracticeExpenseRvu}, MP RVU {global.MalpracticeRvu}"))],
            []);
    }
}
