using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="OppsCapRule"/>: Deficit Reduction Act of 2005 section 5102(b); RVU readme, OPPS payment amount.</summary>
public class OppsCapRuleTests
{
    [Fact]
    public void The_cap_binds_when_lower_and_is_the_line_s_fee()
    {
        // 70496 in 10112/00 (RVU25D): the OPPS-based amount is lower than the formula (the single-service calculator agrees).
        var at = PricingLocation.Of(LocalityKey.Parse("10112/00"));
        var single = Calculator.Price(new ServiceRequest(HcpcsCode.Parse("70496"), Modifier.None, Nov2025, at, PricingSetting.NonFacility));
        Assert.True(single.OppsCapAmount < single.AmountBeforeOppsCap);
        var line = Calculator.Price(new Claim([Line("70496")]) { Location = at }).Lines[0];
        Assert.Equal(single.FeeScheduleAmount, line.AllowedAmount);
        var cap = StepsOf(line, PricingRule.OppsCap).Single();
        Assert.Equal(single.AmountBeforeOppsCap, cap.AmountBefore);
        Assert.Equal(single.OppsCapAmount, cap.Amount);
        Assert.Contains("is lower", cap.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_without_OPPS_RVUs_has_no_cap_step()
        => Assert.Empty(StepsOf(Price(Line("99213")).Lines[0], PricingRule.OppsCap));
}
