using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="CoSurgeryRule"/>: Claims Processing Manual ch. 12 section 40.8; RVU readme, CO-SURG; CARC 54.</summary>
public class CoSurgeryRuleTests
{
    [Fact]
    public void Each_co_surgeon_is_paid_62_5_percent_and_documentation_lowers_confidence()
    {
        Assert.Equal(786.02m, Price(PricingSetting.Facility, Line("27447", "62")).AllowedAmount);
        Assert.Equal(PriceConfidence.Medium, Price(Line("12007", "62")).Lines[0].Confidence);
    }

    [Fact]
    public void Co_surgeons_the_procedure_does_not_permit_are_not_payable_CO_54()
    {
        var line = Price(Line("99213", "62", charge: 90m)).Lines[0];
        Assert.Equal(PriceOutcome.NotPayable, line.Outcome);
        Assert.Equal("CO-54", line.Adjustments.Single().Code.ToString());
    }
}
