using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>Sequestration (when the claim applies it): 2 % of the Medicare payment from 2022-07-01, 1 % in 2022 Q2, none from 2020-05-01 to 2022-03-31 (CO-253).</summary>
internal sealed class SequestrationRule : LineRule
{
    public static readonly SequestrationRule Instance = new();

    private static readonly DateOnly Full = new(2022, 7, 1), Half = new(2022, 4, 1), Paused = new(2020, 5, 1);

    public override PricingRule Rule => PricingRule.Sequestration;

    public override RuleNeeds Needs => new(AnySeen: Seen.Sequestration);

    public override string Name => "sequestration";

    public override string Source => "Budget Control Act of 2011 sequestration: 2% of the Medicare payment from 2022-07-01; CARC 253";

    public override RemittanceCode Remittance => RemittanceCodes.Sequestration;

    protected override bool SeesOtherSchedules => true;

    protected override LineFilter Filter => LineFilter.Priced;

    protected override bool AppliesTo(Claim claim, in SeenOnClaim seen) => claim.ApplySequestration;

    protected override void Apply(ref LineView line)
    {
        if (line.Claim.ApplySequestration && BasisPoints(line.Line.DateOfService) is var bp and > 0)
        {
            line.SetSequestration(((line.Payment * bp) + 5_000) / 10_000);
        }
    }

    /// <summary>The sequestration of the Medicare payment in basis points on a date.</summary>
    internal static int BasisPoints(DateOnly date) => date >= Full ? 200 : date >= Half ? 100 : date >= Paused ? 0 : 200;

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        long sequestration = RemittanceCents(price);
        if (sequestration > 0)
        {
            decimal payment = price.MedicarePayment, taken = Money.Dollars(sequestration);
            decimal rate = BasisPoints(price.Line.DateOfService) / 10_000m;
            steps.Add(Step(string.Create(CultureInfo.InvariantCulture, $"{rate:0%} of the Medicare payment: {taken}"), payment + taken, payment, rate, sequestration));
        }
    }

    public override long RemittanceCents(in LinePrice price) => price.SequestrationCents;
}
