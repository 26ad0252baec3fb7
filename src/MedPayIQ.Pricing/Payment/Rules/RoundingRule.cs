using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>The exact amount is rounded once, to the cent, half away from zero: the allowed amount before the charge.</summary>
internal sealed class RoundingRule : LineRule
{
    public static readonly RoundingRule Instance = new();

    public override PricingRule Rule => PricingRule.Rounding;

    public override string Name => "rounding";

    public override string Source => "CMS RVU file readme, payment formula: the amount is rounded once, at the end (CMS's payment files are reproduced to the cent this way)";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [];

    protected override bool SeesOtherSchedules => true;

    protected override LineFilter Filter => LineFilter.Priced;

    protected override void Apply(ref LineView line) => line.SetAllowed(Money.Cents(line.Amount), false);

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.Outcome == PriceOutcome.Priced && price.ExactAmount != price.RoundedAmount)
        {
            steps.Add(Step(string.Create(CultureInfo.InvariantCulture, $"{price.ExactAmount} to the cent, half away from zero, once"), price.ExactAmount, price.RoundedAmount));
        }
    }
}
