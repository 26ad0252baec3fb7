using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="UnitsRule"/>: RVU readme (the amount is per unit of service); 837P SV104.</summary>
public class UnitsRuleTests
{
    [Fact]
    public void A_line_is_paid_its_fee_times_its_units()
    {
        decimal fee = Fee("99213");
        var line = Price(Line("99213", units: 3)).Lines[0];
        Assert.Equal(fee * 3, line.AllowedAmount);
        var step = StepsOf(line, PricingRule.Units).Single();
        Assert.Equal(3m, step.Factor);
        Assert.Equal(fee, step.AmountBefore);
    }

    [Fact]
    public void A_line_made_without_units_has_one_unit()
    {
        Assert.Equal(1, new ClaimLine(Nov2025, HcpcsCode.Parse("99213")).Units);
        Assert.Equal(1, default(ClaimLine).Units);
        Assert.Equal(1, new ClaimLine().Units);
        Assert.Equal(1, (new ClaimLine(Nov2025, HcpcsCode.Parse("99213")) with { BilledCharge = 10m }).Units);
        Assert.Equal(Fee("99213"), Price(new ClaimLine { DateOfService = Nov2025, Hcpcs = HcpcsCode.Parse("99213") }).AllowedAmount);
    }
}
