using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="HpsaBonusRule"/>: Social Security Act section 1833(m); Claims Processing Manual ch. 12 section 90.4.</summary>
public class HpsaBonusRuleTests
{
    [Fact]
    public void The_bonus_is_10_percent_of_the_payment_on_the_professional_component_and_is_not_on_the_remittance()
    {
        var pc = Calculator.Price(new Claim([Line("77321", "26")]) { InShortageArea = true }).Lines[0];
        Assert.Equal(Round(pc.MedicarePayment * 0.1m), pc.HpsaBonus);
        Assert.DoesNotContain(pc.Adjustments, a => a.Rule == PricingRule.HpsaBonus);
        Assert.Equal(0m, Calculator.Price(new Claim([Line("77321", "TC")]) { InShortageArea = true }).Lines[0].HpsaBonus);
        Assert.Equal(0m, Calculator.Price(new Claim([Line("99213", "AQ")]) { Provider = ProviderKind.NursePractitioner }).HpsaBonus);
        Balances(pc);
    }
}
