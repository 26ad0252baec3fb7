using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="ModifierCombinationRule"/>: Claims Processing Manual ch. 12 (payment modifiers); CARC 4.</summary>
public class ModifierCombinationRuleTests
{
    [Theory]
    [InlineData("77321", "26,TC", "each select a different RVU row")]
    [InlineData("27447", "50,RT", "already says both sides")]
    [InlineData("27447", "54,55", "one part of the global package")]
    [InlineData("27447", "80,62", "exclude each other")]
    [InlineData("99213", "22,52", "contradict each other")]
    public void Modifiers_that_exclude_each_other_are_an_invalid_modifier_denied_CO_4(string code, string modifiers, string why)
    {
        var line = Price(Line(code, modifiers, charge: 500m)).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, line.Outcome);
        Assert.Contains(why, line.Reason, StringComparison.Ordinal);
        Assert.Equal("CO-4", Assert.Single(line.Adjustments).Code.ToString());
        Assert.Equal(0m, line.MedicarePayment);
        Balances(line);
    }
}
