using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="IncreasedOrReducedServiceRule"/>: Claims Processing Manual ch. 12 section 20.4.6.</summary>
public class IncreasedOrReducedServiceRuleTests
{
    [Theory]
    [InlineData("22", "may increase")]
    [InlineData("52", "decides the reduction")]
    public void Modifiers_22_and_52_show_the_fee_at_low_confidence(string modifier, string reason)
    {
        var line = Price(Line("27447", modifier)).Lines[0];
        Assert.Equal(Fee("27447"), line.AllowedAmount);
        Assert.Equal(PriceConfidence.Low, line.Confidence);
        Assert.Contains(reason, line.ConfidenceReason, StringComparison.Ordinal);
        Assert.Contains(line.Warnings, w => w.StartsWith($"Modifier {modifier}", StringComparison.Ordinal));
    }
}
