using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// A surgery indicator and what its modifiers pay. The indicators of services outside the global surgery rules (XXX)
/// are mostly 0 ("the restriction applies"): they are stated for procedures, and for other codes only where a modifier pays.
/// </summary>
internal abstract class SurgeryModifierSource : RowInsightSource
{
    /// <summary>Whether the code is a procedure (global period 000, 010 or 090).</summary>
    protected static bool Procedure(in RvuEntry global) => global.GlobalPeriod is GlobalPeriod.Days0 or GlobalPeriod.Days10 or GlobalPeriod.Days90;

    /// <summary>Adds the insight: the rule, then what a line with each modifier is paid in the primary setting.</summary>
    protected void Modifiers(InsightContext c, in RvuEntry global, string rule, string field, int indicator, params (string Modifier, string Who, decimal? Share)[] modifiers)
    {
        var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
        var parts = new List<string>();
        foreach (var (mod, who, share) in modifiers)
        {
            var claim = c.NewClaim(c.Primary, c.Line(ModifierSet.Of(Modifier.Parse(mod)), 1));
            var priced = c.Calculator.Price(claim).Lines[0];
            if (priced.Outcome == PriceOutcome.Priced)
            {
                var a = new InsightAmount(mod, priced.AllowedAmount, claim, 1);
                amounts.Add(a);
                parts.Add(share is { } s ? $"{who} is paid {Percent(s)} of the fee, {Usd(a.Amount)}" : $"{who} is paid {Usd(a.Amount)}");
            }
            else
            {
                parts.Add($"{who}: {priced.Reason.TrimEnd('.')}");
            }
        }

        c.Add(Kind, $"{rule}. {Setting(c.Primary, capital: true)}: {string.Join("; ", parts)}.", amounts.Count > 0 ? amounts[0].Amount : null, amounts.ToImmutable(),
            [InsightContext.RowEvidence(c.Release!, global, string.Create(Inv, $"{field} {indicator}"))], []);
    }
}
