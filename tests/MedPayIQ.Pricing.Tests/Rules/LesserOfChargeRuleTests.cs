using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="LesserOfChargeRule"/>: Social Security Act section 1848(a)(1); CARC 45.</summary>
public class LesserOfChargeRuleTests
{
    [Fact]
    public void A_charge_lower_than_the_fee_is_allowed()
    {
        var line = Price(Line("99213", charge: 20m)).Lines[0];
        Assert.Equal(20m, line.AllowedAmount);
        Assert.Equal(20m, StepsOf(line, PricingRule.LesserOfCharge).Single().Amount);
        Assert.Empty(line.Adjustments.Where(a => a.Code.Reason == "45"));
        Balances(line);
    }

    [Fact]
    public void The_charge_above_the_fee_is_CO_45()
    {
        decimal fee = Fee("99213");
        var line = Price(Line("99213", charge: 200m)).Lines[0];
        Assert.Equal(fee, line.AllowedAmount);
        Assert.Equal(200m - fee, Remitted(line, "CO-45"));
        Assert.Equal(200m, line.Charge);
        var step = StepsOf(line, PricingRule.LesserOfCharge).Single();
        Assert.Equal(RemittanceCodes.ChargeExceedsFeeSchedule, step.Remittance);
        Assert.Equal(200m - fee, step.RemittanceAmount);
        Balances(line);
    }
}
