using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The OPPS cap: none (no OPPS RVUs), or per row the lesser of the fee schedule and the OPPS-based amount.</summary>
internal sealed class OppsCapSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.OppsCap;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var capped = new List<RvuEntry>();
        foreach (var row in rows)
        {
            if (row.HasOppsRvus)
            {
                capped.Add(row);
            }
        }

        var r = c.Release!;
        if (capped.Count == 0)
        {
            c.Add(Kind, $"No OPPS cap: {r.Id}'s PPRRVU file has no OPPS RVUs for {c.Code}, so the fee schedule amount is paid uncapped.",
                null, [], [InsightContext.RowEvidence(r, rows[0], "PE/MP USED FOR OPPS PAYMENT AMOUNT 0.00")], []);
            return;
        }

        foreach (var row in capped)
        {
            var claim = c.NewClaim(PricingSetting.NonFacility, c.Line(row.Modifier.IsSome ? ModifierSet.Of(row.Modifier) : default, 1));
            var service = c.Calculator.Price(claim).Lines[0].Service;
            if (service.Outcome != PriceOutcome.Priced || service.OppsCapAmount is not { } cap)
            {
                continue;
            }

            string label = c.Label(row.Modifier);
            var before = new InsightAmount($"{label} fee schedule amount", service.AmountBeforeOppsCap, claim, 1, InsightMeasure.AmountBeforeOppsCap);
            var opps = new InsightAmount($"{label} OPPS-based amount", cap, claim, 1, InsightMeasure.OppsCapAmount);
            var paid = new InsightAmount($"{label} paid", service.FeeScheduleAmount, claim, 1);
            string verdict = cap < service.AmountBeforeOppsCap ? "the cap binds" : "the cap does not bind";
            c.Add(Kind,
                $"OPPS cap on {label}: in the non-facility setting it is paid the lesser of the fee schedule amount {Usd(before.Amount)} and the OPPS-based amount {Usd(opps.Amount)} ({c.Where}): {verdict}, {Usd(paid.Amount)}.",
                paid.Amount, [before, opps, paid],
                [InsightContext.RowEvidence(r, row, string.Create(Inv, $"OPPS PE RVU {row.OppsNonFacilityPracticeExpenseRvu}, OPPS MP RVU {row.OppsMalpracticeRvu}"))], []);
        }
    }
}
