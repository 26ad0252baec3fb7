using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="BilateralRule"/>: RVU readme, BILAT SURG; Claims Processing Manual ch. 12 section 40.7.</summary>
public class BilateralRuleTests
{
    [Fact]
    public void Indicator_1_pays_150_percent_on_modifier_50_RT_LT_or_two_units()
    {
        decimal fee = Fee("20610");
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", "50")).AllowedAmount);
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", "RT,LT")).AllowedAmount);
        Assert.Equal(Round(fee * 1.5m), Price(Line("20610", units: 2)).AllowedAmount);
        Assert.Equal(1.5m, StepsOf(Price(Line("20610", "50")).Lines[0], PricingRule.Bilateral).Single().Factor);
    }

    [Fact]
    public void Two_units_on_one_side_are_two_procedures_on_that_side_not_a_bilateral_procedure()
    {
        // 20610-RT x 2 (two joints of the right side): 100 % and 50 % as multiple procedures (MULT PROC 2), not 150 %;
        // the LT line beside it is a third procedure, not the other side of a pair.
        decimal fee = Fee("20610");
        var right = Price(Line("20610", "RT", units: 2)).Lines[0];
        Assert.Empty(StepsOf(right, PricingRule.Bilateral));
        Assert.Equal(Round(fee * 1.5m), right.AllowedAmount); // 100 % + 50 %: the same sum as 150 %, by another rule
        var ranked = StepsOf(right, PricingRule.MultipleProcedures).Single();
        Assert.Equal(fee * 2m, ranked.AmountBefore);
        Assert.Contains("ranked 1-2 of 2", ranked.Detail, StringComparison.Ordinal);
        var claim = Price(Line("20610", "RT", units: 2), Line("20610", "LT"));
        Assert.Empty(StepsOf(claim.Lines[0], PricingRule.Bilateral));
        Assert.Equal(PriceOutcome.Priced, claim.Lines[1].Outcome);
        Assert.Equal(Round(fee * 2m), claim.AllowedAmount); // three procedures: 100 + 50 + 50 %
    }

    [Fact]
    public void An_RT_line_and_an_LT_line_are_paid_together_on_the_RT_line_and_the_LT_charge_is_CO_97()
    {
        decimal fee = Fee("20610");
        var pair = Price(Line("20610", "LT", charge: 100m), Line("20610", "RT", charge: 100m));
        Assert.Equal(PriceOutcome.Bundled, pair.Lines[0].Outcome);
        Assert.Contains("other side of the bilateral procedure on line 2", pair.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal(100m, Remitted(pair.Lines[0], "CO-97"));
        Assert.Equal(Math.Min(200m, Round(fee * 1.5m)), pair.Lines[1].AllowedAmount);
        Balances(pair.Lines[0]);
        Balances(pair.Lines[1]);
    }

    [Fact]
    public void Indicator_9_is_an_invalid_modifier()
    {
        var line = Price(Line("11300", "50")).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, line.Outcome);
        Assert.Contains("BILAT SURG indicator 9", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Modifier_50_with_more_than_one_unit_is_priced_as_one_bilateral_procedure_with_a_warning()
    {
        decimal fee = Fee("20610");
        const string warning = "Modifier 50 is billed with one unit; the line is priced as one bilateral procedure.";
        var twoUnits = Price(Line("20610", "50", units: 2)).Lines[0];
        Assert.Equal(Round(fee * 1.5m), twoUnits.AllowedAmount);
        Assert.Contains(warning, twoUnits.Warnings);
        Assert.DoesNotContain(warning, Price(Line("20610", "50")).Lines[0].Warnings);
        Assert.DoesNotContain(warning, Price(Line("20610", units: 2)).Lines[0].Warnings); // two units without 50: no modifier to warn about
    }

    [Fact]
    public void A_line_the_rule_refuses_explains_itself_in_its_step()
    {
        var line = Price(Line("11300", "50")).Lines[0];
        var step = StepsOf(line, PricingRule.Bilateral).Single();
        Assert.Equal(line.Reason, step.Detail); // the decision's own text, not a factor of one side's fee
    }
}
