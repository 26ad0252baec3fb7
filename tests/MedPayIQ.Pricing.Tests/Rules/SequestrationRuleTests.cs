using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="SequestrationRule"/>: Budget Control Act of 2011 sequestration (2 % from 2022-07-01); CARC 253.</summary>
public class SequestrationRuleTests
{
    [Fact]
    public void Sequestration_is_2_percent_of_the_Medicare_payment_CO_253()
    {
        // charge 100.00, deductible 50.00: 40.00 after coinsurance, 0.80 sequestered, 39.20 paid.
        var line = Calculator.Price(new Claim([Line("27447", charge: 100m)]) { DeductibleRemaining = 50m, ApplySequestration = true }).Lines[0];
        Assert.Equal(0.80m, line.Sequestration);
        Assert.Equal(39.20m, line.MedicarePayment);
        Assert.Equal(0.80m, Remitted(line, "CO-253"));
        Balances(line);
    }

    [Fact]
    public void Sequestration_was_paused_from_May_2020_to_March_2022()
        => Assert.Equal(0, SequestrationRule.BasisPoints(new DateOnly(2021, 6, 1)));
}
