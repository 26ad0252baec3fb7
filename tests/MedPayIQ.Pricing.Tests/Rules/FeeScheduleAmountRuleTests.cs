using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="FeeScheduleAmountRule"/>: CMS RVU file readme, payment formula; PF payment files (NA setting).</summary>
public class FeeScheduleAmountRuleTests
{
    [Fact]
    public void The_fee_is_the_formula_rounded_once_with_every_RVU_GPCI_and_the_CF_in_the_step()
    {
        var line = Price(Line("77321", date: Jan2025)).Lines[0];
        var step = StepsOf(line, PricingRule.FeeScheduleAmount).Single();
        Assert.Equal(92.51m, step.Amount);
        Assert.Equal(0m, step.AmountBefore);
        Assert.Contains("national, rounded once", step.Detail, StringComparison.Ordinal);
        Assert.Contains("RVU25A", step.Source, StringComparison.Ordinal);
        Assert.Equal(92.51m, line.FeeScheduleAmount);
    }

    [Fact]
    public void A_facility_NA_setting_is_priced_at_medium_confidence_with_a_warning()
    {
        var line = Price(PricingSetting.Facility, Line("77321", date: Jan2025)).Lines[0];
        Assert.Equal(PriceOutcome.Priced, line.Outcome);
        Assert.Equal(PriceConfidence.Medium, line.Confidence);
        Assert.Contains(line.Warnings, w => w.Contains("marked NA", StringComparison.Ordinal));
    }

    [Fact]
    public void A_locality_the_release_does_not_have_is_unknown_location_denied_CO_16()
    {
        var line = Calculator.Price(new Claim([Line("99213", charge: 80m)]) { Location = PricingLocation.Of(LocalityKey.Parse("99999/99")) }).Lines[0];
        Assert.Equal(PriceOutcome.UnknownLocation, line.Outcome);
        Assert.Contains("not a locality", line.Reason, StringComparison.Ordinal);
        Assert.Equal("CO-16", line.Adjustments.Single().Code.ToString());
        Balances(line);
    }
}
