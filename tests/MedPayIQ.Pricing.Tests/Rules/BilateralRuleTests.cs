using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="BilateralRule"/>: RVU readme, BILAT SURG; Claims Processing Manual ch. 12 section 40.7.</summary>
public class BilateralRuleTests
{
    [Fact]
    public void Indicator_1_pays_150_percent_on_modifier_50_RT_LT_or_two_units()
    {
        decimal fee = Fee("20610");
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", "50")).AllowedAmount);
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", "RT,LT")).AllowedAmount);
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", units: 2)).AllowedAmount);
        Assert.Equal(1.5m, StepsOf(Price(Line("20610", "50")).Lines[0], PricingRule.Bilateral).Single().Factor);
    }

    [Fact]
    public void An_RT_line_and_an_LT_line_are_paid_together_on_the_RT_line_and_the_LT_charge_is_CO_97()
    {
        decimal fee = Fee("20610");
        var pair = Price(Line("20610", "LT", charge: 100m), Line("20610", "RT", charge: 100m));
        Assert.Equal(PriceOutcome.Bundled, pair.Lines[0].Outcome);
        Assert.Contains("other side of the bilateral procedure on line 2", pair.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal(100m, Remitted(pair.Lines[0], "CO-97"));
        Assert.Equal(Math.Min(200m, Round(fee * 1.5m)), pair.Lines[1].AllowedAmount);
        Balances(pair.Lines[0]);
        Balances(pair.Lines[1]);
    }

    [Fact]
    public void Indicator_9_is_an_invalid_modifier()
    {
        var line = Price(Line("11300", "50")).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, line.Outcome);
        Assert.Contains("BILAT SURG indicator 9", line.Reason, StringComparison.Ordinal);
    }
}
