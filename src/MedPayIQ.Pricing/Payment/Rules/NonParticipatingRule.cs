using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// A non-participating provider is paid 95 % of the fee schedule amount and may charge at most the limiting charge,
/// 115 % of that: the fee schedule amount x 1.0925, rounded once.
/// </summary>
internal sealed class NonParticipatingRule : LineRule
{
    public static readonly NonParticipatingRule Instance = new();

    /// <summary>The non-participating share of the fee schedule amount.</summary>
    internal const decimal Share = 0.95m;

    /// <summary>The limiting charge as a multiple of the non-participating amount: 115 %.</summary>
    internal const decimal LimitingShare = 1.15m;

    /// <summary>The limiting charge as a multiple of the fee schedule amount: 115 % of 95 % (1.0925).</summary>
    internal const decimal LimitingChargeFactor = LimitingShare * Share;

    public override PricingRule Rule => PricingRule.NonParticipating;

    public override RuleNeeds Needs => new(AnySeen: Seen.NonParticipating);

    public override string Name => "non-participating";

    public override string Source => "RVU readme (limiting charge: 115% of the 95% non-participating amount, fee schedule amount x 1.0925); Social Security Act section 1848(g)";

    protected override LineFilter Filter => LineFilter.Priced;

    protected override bool AppliesTo(Claim claim, in SeenOnClaim seen) => claim.Participation == Participation.NonParticipating;

    protected override void Apply(ref LineView line)
    {
        if (line.Claim.Participation == Participation.Participating)
        {
            return;
        }

        decimal before = line.Amount;
        line.SetLimitingCharge(Money.Cents(before * LimitingChargeFactor));
        line.Adjust(this, before * Share, Share, before);
    }

    /// <summary>The step's detail, for a fee and its limiting charge.</summary>
    internal static string Describe(decimal fee, decimal? limitingCharge)
        => string.Create(CultureInfo.InvariantCulture, $"95% of {fee}; limiting charge {fee} x 1.0925 = {limitingCharge}");

    public override string Detail(in Adjustment adjustment, in LinePrice price) => Describe(adjustment.Value, price.LimitingCharge);
}
