using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>Bilateral surgery (modifier 50, RT and LT): the BILAT SURG indicator and what a line with 50 is paid.</summary>
internal sealed class BilateralSource : SurgeryModifierSource
{
    public override InsightKind Kind => InsightKind.Bilateral;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var indicator = global.BilateralSurgery;
        if (indicator == BilateralSurgeryIndicator.NotApplicable || (!Procedure(global) && indicator == BilateralSurgeryIndicator.NoAdjustment))
        {
            return;
        }

        string rule = indicator switch
        {
            BilateralSurgeryIndicator.NoAdjustment => $"the {Percent(PaymentRates.BilateralShare(BilateralSurgeryIndicator.Adjustment150))} bilateral adjustment does not apply (indicator 0)",
            BilateralSurgeryIndicator.Adjustment150 => $"a bilateral procedure is paid {Percent(PaymentRates.BilateralShare(indicator))} of one side (indicator 1)",
            BilateralSurgeryIndicator.AlreadyBilateral => $"the code is already bilateral: 50 pays {Percent(PaymentRates.BilateralShare(indicator))} (indicator 2)",
            _ => $"each side is paid {Percent(PaymentRates.BilateralShare(indicator) / 2m)} (indicator 3)",
        };
        Modifiers(c, global, $"Bilateral: {rule}", "BILAT SURG", (int)indicator, ("50", "a line billed with 50", null));
    }
}
