using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The multiple procedure rule the code follows (MULT PROC), with the amounts of a first and a second service.</summary>
internal sealed class MultipleProcedureSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.MultipleProcedure;

    /// <summary>What the rule of an indicator pays, each rate read from the payment rule that applies it.</summary>
    internal static string Rule(MultipleProcedureIndicator indicator) => indicator switch
    {
        MultipleProcedureIndicator.Standard1995 => $"the pre-1995 multiple procedure rules: billed with a procedure of equal or higher value the same day (modifier 51), the second is paid {Percent(PaymentRates.SecondProcedureShare)} and the third and later {Percent(PaymentRates.ThirdProcedureShareBefore1995)}",
        MultipleProcedureIndicator.Standard => string.Create(Inv, $"standard multiple procedure rules: billed with a procedure of equal or higher value the same day (modifier 51), it is paid {Percent(PaymentRates.SecondProcedureShare)} (the {PaymentRates.LastProcedurePricedByRule + 1}th and later by report)"),
        MultipleProcedureIndicator.Endoscopy => "the endoscopy family rule: billed with another member of its family, it is paid its amount less the base code's",
        MultipleProcedureIndicator.DiagnosticImaging => $"the diagnostic imaging rule: the technical component of the second and later services of the same session is paid {Percent(PaymentRates.DiagnosticTechnicalComponentShare(indicator))}, the professional component {Percent(PaymentRates.DiagnosticProfessionalComponentShare(indicator))}",
        MultipleProcedureIndicator.DiagnosticCardiovascular => $"the diagnostic cardiovascular rule: the technical component of the second and later services the same day is paid {Percent(PaymentRates.DiagnosticTechnicalComponentShare(indicator))}",
        MultipleProcedureIndicator.DiagnosticOphthalmology => $"the diagnostic ophthalmology rule: the technical component of the second and later services the same day is paid {Percent(PaymentRates.DiagnosticTechnicalComponentShare(indicator))}",
        MultipleProcedureIndicator.Therapy => $"the second and later units and services of the day are paid with {Percent(PaymentRates.TherapyPracticeExpenseShare)} of their practice expense",
        _ => "no multiple procedure reduction; paid in full with other procedures the same day",
    };

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var indicator = global.MultipleProcedure;
        var evidence = ImmutableArray.Create(InsightContext.RowEvidence(c.Release!, global, string.Create(Inv, $"MULT PROC {(int)indicator}")));
        switch (indicator)
        {
            case MultipleProcedureIndicator.NotApplicable:
                return;
            case MultipleProcedureIndicator.None:
                c.Add(Kind, $"Multiple procedure indicator 0: {Rule(indicator)}.", null, [], evidence, []);
                return;
            case MultipleProcedureIndicator.Therapy:
            {
                var one = c.PriceLine(c.Primary, default, 1);
                var two = c.PriceLine(c.Primary, default, 2);
                if (one is not null && two is not null)
                {
                    c.Add(Kind, $"Therapy (indicator 5): {Rule(indicator)}: one unit {Usd(one.Amount)}, two units {Usd(two.Amount)}, {Setting(c.Primary)}.",
                        two.Amount, [one with { Label = "1 unit" }, two with { Label = "2 units" }], evidence, []);
                }

                return;
            }

            default:
                break;
        }

        // Two lines of the code on one date: the second is the lower-ranked service, reduced as the rule says.
        bool standard = indicator is MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Standard;
        var claim = c.NewClaim(c.Primary, c.Line(default, 1), c.Line(standard ? ModifierSet.Of(Modifier.Parse("51")) : default, 1));
        var priced = c.Calculator.Price(claim);
        string text = string.Create(Inv, $"Multiple procedure indicator {(int)indicator}: {Rule(indicator)}.");
        if (priced.Lines[0].Outcome != PriceOutcome.Priced || priced.Lines[1].Outcome != PriceOutcome.Priced)
        {
            c.Add(Kind, text, null, [], evidence, []);
            return;
        }

        var first = new InsightAmount("first", priced.Lines[0].AllowedAmount, claim, 1);
        var second = new InsightAmount("second", priced.Lines[1].AllowedAmount, claim, 2);
        c.Add(Kind, $"{text} Billed twice the same day, the first is paid {Usd(first.Amount)} and the second {Usd(second.Amount)} ({Setting(c.Primary)}).",
            second.Amount, [first, second], evidence, []);
    }
}
