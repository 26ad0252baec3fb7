using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="RoundingRule"/>: CMS RVU file readme, payment formula (rounded once, at the end).</summary>
public class RoundingRuleTests
{
    [Fact]
    public void The_exact_amount_is_rounded_once_half_away_from_zero()
    {
        // 27447-80-50 facility: 1,257.63 x 1.5 x 0.16 = 301.8312, rounded once to 301.83.
        var line = Price(PricingSetting.Facility, Line("27447", "80,50")).Lines[0];
        var step = StepsOf(line, PricingRule.Rounding).Single();
        Assert.Equal(301.8312m, step.AmountBefore);
        Assert.Equal(301.83m, step.Amount);
        Assert.Equal(301.83m, line.AllowedAmount);
        Assert.Empty(StepsOf(Price(Line("99213")).Lines[0], PricingRule.Rounding));
    }
}
