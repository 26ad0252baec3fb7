using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="AnesthesiaModifierRule"/>: Claims Processing Manual ch. 12 section 50 (medical direction 50 %).</summary>
public class AnesthesiaModifierRuleTests
{
    [Theory]
    [InlineData("AA", 173.79)]
    [InlineData("QZ", 173.79)]
    [InlineData("QK", 86.90)]
    [InlineData("QY", 86.90)]
    [InlineData("QX", 86.90)]
    public void The_modifier_sets_the_share(string modifier, decimal expected)
    {
        var line = Calculator.Price(new Claim([Line("00100", modifier) with { AnesthesiaMinutes = 60, AnesthesiaBaseUnits = 5 }]) { Location = PricingLocation.Of(LocalityKey.Parse("10112/00")) }).Lines[0];
        Assert.Equal(expected, line.AllowedAmount);
        Assert.Equal(expected == 173.79m ? 1m : 0.5m, StepsOf(line, PricingRule.AnesthesiaModifier).Single().Factor);
    }

    [Fact]
    public void No_anesthesia_modifier_is_priced_at_medium_confidence_with_a_warning()
    {
        var line = Price(Line("00100") with { AnesthesiaMinutes = 60, AnesthesiaBaseUnits = 5 }).Lines[0];
        Assert.Equal(PriceConfidence.Medium, line.Confidence);
        Assert.Contains(line.Warnings, w => w.StartsWith("No anesthesia payment modifier", StringComparison.Ordinal));
    }
}
