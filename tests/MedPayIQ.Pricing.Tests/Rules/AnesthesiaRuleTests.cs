using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="AnesthesiaRule"/>: Claims Processing Manual ch. 12 section 50; ANES2025 (Alabama 10112/00 CF 19.31).</summary>
public class AnesthesiaRuleTests
{
    private static readonly PricingLocation Alabama = PricingLocation.Of(LocalityKey.Parse("10112/00"));

    private static ClaimLine Anesthesia(string modifier, int minutes = 60) => Line("00100", modifier) with { AnesthesiaMinutes = minutes, AnesthesiaBaseUnits = 5 };

    [Fact]
    public void Base_and_time_units_times_the_locality_anesthesia_CF()
    {
        var line = Calculator.Price(new Claim([Anesthesia("AA")]) { Location = Alabama }).Lines[0];
        Assert.Equal(173.79m, line.AllowedAmount); // (5 + 60/15) x 19.31
        Assert.Equal(19.31m, line.ConversionFactor);
        var step = StepsOf(line, PricingRule.Anesthesia).Single();
        Assert.StartsWith("(5 base units + 4 time units) x anesthesia conversion factor 19.31", step.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Anesthesia_modifiers_on_another_code_and_a_missing_base_unit_are_answers()
    {
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("99213", "QK")).Lines[0].Outcome);
        var noBase = Price(Line("00100", "AA") with { AnesthesiaMinutes = 30 }).Lines[0];
        Assert.Equal(PriceOutcome.InvalidLine, noBase.Outcome);
        Assert.Contains("base units", noBase.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AA,54")] // a global surgery share
    [InlineData("AA,80")] // an assistant at surgery
    [InlineData("AA,50")] // bilateral
    public void Surgical_and_component_modifiers_on_an_anesthesia_code_are_refused(string modifiers)
    {
        var line = Calculator.Price(new Claim([Anesthesia(modifiers)]) { Location = Alabama }).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, line.Outcome);
        Assert.Contains("00100 is an anesthesia code: 26, TC, 53, 50, 54-56, 78, 80-82, AS, 62 and 66 do not apply to it.", line.Reason, StringComparison.Ordinal);
    }
}
