using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="NonParticipatingRule"/>: RVU readme (limiting charge); Social Security Act section 1848(g).</summary>
public class NonParticipatingRuleTests
{
    [Fact]
    public void Non_participating_is_95_percent_and_the_limiting_charge_is_the_fee_times_1_0925()
    {
        // RVU25A 77321 national 92.51: 87.88 and 101.07.
        var line = Calculator.Price(new Claim([Line("77321", date: Jan2025)]) { Participation = Participation.NonParticipating }).Lines[0];
        Assert.Equal(87.88m, line.AllowedAmount);
        Assert.Equal(101.07m, line.LimitingCharge);
        Assert.Equal(0.95m, StepsOf(line, PricingRule.NonParticipating).Single().Factor);
    }
}
