using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="CoinsuranceRule"/>: 42 CFR 410.152; CARC 2 (PR).</summary>
public class CoinsuranceRuleTests
{
    [Fact]
    public void Coinsurance_is_20_percent_after_the_deductible_half_a_cent_up_PR_2()
    {
        // 27447 national non-facility, charge 100.00, deductible 50.00: 20% of 50.00 = 10.00.
        var line = Calculator.Price(new Claim([Line("27447", charge: 100m)]) { DeductibleRemaining = 50m }).Lines[0];
        Assert.Equal(10m, line.Coinsurance);
        Assert.Equal(10m, Remitted(line, "PR-2"));
        Assert.Equal(40m, line.MedicarePayment);
        Assert.Equal(60m, line.PatientResponsibility);
        var odd = Price(Line("99213", charge: 10.01m)).Lines[0];
        Assert.Equal(2.00m, odd.Coinsurance); // 2.002
        Balances(odd);
    }
}
