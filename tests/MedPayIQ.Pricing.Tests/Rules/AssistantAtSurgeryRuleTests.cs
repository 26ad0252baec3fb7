using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="AssistantAtSurgeryRule"/>: Claims Processing Manual ch. 12 section 20.4.3; 42 CFR 414.56(c); RVU readme, ASST SURG; CARC 54.</summary>
public class AssistantAtSurgeryRuleTests
{
    [Fact]
    public void Modifiers_80_81_82_pay_16_percent_and_AS_13_6_percent()
    {
        Assert.Equal(201.22m, Price(PricingSetting.Facility, Line("27447", "80")).AllowedAmount);
        Assert.Equal(201.22m, Price(PricingSetting.Facility, Line("27447", "81")).AllowedAmount);
        Assert.Equal(171.04m, Price(PricingSetting.Facility, Line("27447", "AS")).AllowedAmount);
    }

    [Fact]
    public void An_assistant_the_procedure_does_not_pay_is_not_payable_CO_54()
    {
        var line = Price(Line("11450", "80", charge: 60m)).Lines[0];
        Assert.Equal(PriceOutcome.NotPayable, line.Outcome);
        Assert.Contains("ASST SURG indicator", line.Reason, StringComparison.Ordinal);
        Assert.Equal("CO-54", line.Adjustments.Single().Code.ToString());
        Balances(line);
    }
}
