using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="ProviderShareRule"/>: 42 CFR 414.52, 414.54(b), 414.56(c).</summary>
public class ProviderShareRuleTests
{
    [Fact]
    public void A_nurse_practitioner_is_paid_85_percent_and_the_step_names_the_regulation()
    {
        decimal fee = Fee("99213");
        var line = Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.NursePractitioner }).Lines[0];
        Assert.Equal(Round(fee * 0.85m), line.AllowedAmount);
        var step = StepsOf(line, PricingRule.ProviderShare).Single();
        Assert.Equal("42 CFR 414.56(c)", step.Source);
        Assert.Equal(0.85m, step.Factor);
    }

    [Fact]
    public void An_unconfirmed_share_lowers_confidence()
        => Assert.Equal(PriceConfidence.Medium, Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.ClinicalSocialWorker }).Lines[0].Confidence);
}
