using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The global surgery period and, for 010 and 090 codes, what 54, 55 and 56 pay.</summary>
internal sealed class GlobalPeriodSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.GlobalPeriod;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        string days = IndicatorCodes.GlobalDays(global.GlobalPeriod);
        var evidence = ImmutableArray.Create(InsightContext.RowEvidence(c.Release!, global,
            string.Create(Inv, $"GLOB DAYS {days}, PRE OP {global.PreOperativeShare}, INTRA OP {global.IntraOperativeShare}, POST OP {global.PostOperativeShare}")));
        string text = global.GlobalPeriod switch
        {
            GlobalPeriod.NotApplicable => "Global period XXX: the global surgery rules do not apply; visits on the same or following days are paid on their own.",
            GlobalPeriod.Days0 => "Global period 000: the fee includes the visit the day before and visits the same day (unless modifier 25 or 57 applies); no post-operative days.",
            GlobalPeriod.Days10 => $"Global period {days}: the fee includes the visit the day before (90-day codes), visits the same day and 10 days of follow-up care; a visit in that window for the same problem is not paid.",
            GlobalPeriod.Days90 => $"Global period {days}: the fee includes the visit the day before (90-day codes), visits the same day and 90 days of follow-up care; a visit in that window for the same problem is not paid.",
            GlobalPeriod.Maternity => "Global period MMM: a maternity code; the global obstetric package rules apply.",
            GlobalPeriod.CarrierDetermined => "Global period YYY: the contractor sets the global period.",
            _ => "Global period ZZZ: the code is part of another service and falls within that service's global period.",
        };
        c.Add(Kind, text, null, [], evidence, []);
        if (global.GlobalPeriod is not (GlobalPeriod.Days0 or GlobalPeriod.Days10 or GlobalPeriod.Days90)
            || global.PreOperativeShare + global.IntraOperativeShare + global.PostOperativeShare <= 0m)
        {
            return;
        }

        var shares = new (string Mod, string What, decimal Share)[]
        {
            ("54", "surgical care only", global.IntraOperativeShare),
            ("55", "post-operative care only", global.PostOperativeShare),
            ("56", "pre-operative care only", global.PreOperativeShare),
        };
        var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
        var parts = new List<string>();
        foreach (var (mod, what, share) in shares)
        {
            if (c.PriceLine(c.Primary, ModifierSet.Of(Modifier.Parse(mod)), 1) is { } a)
            {
                amounts.Add(a with { Label = mod });
                parts.Add(string.Create(Inv, $"{mod} ({what}, {share:0.00##}) {Usd(a.Amount)}"));
            }
        }

        if (parts.Count > 0)
        {
            c.Add(Kind,
                $"Split global care, {Setting(c.Primary)}: {string.Join("; ", parts)}. When physicians share the global package, each bills the same code with his part's modifier.",
                amounts[0].Amount, amounts.ToImmutable(), evidence, []);
        }
    }
}
