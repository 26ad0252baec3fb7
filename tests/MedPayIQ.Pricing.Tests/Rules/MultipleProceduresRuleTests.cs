using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="MultipleProceduresRule"/>: RVU readme, MULT PROC 2 (100/50/50/50/50, then by report); CARC 59.</summary>
public class MultipleProceduresRuleTests
{
    [Fact]
    public void The_second_procedure_is_paid_50_percent_and_the_reduction_is_CO_59()
    {
        decimal high = Fee("27447"), low = Fee("11042");
        var claim = Price(Line("11042", charge: low), Line("27447", charge: high));
        Assert.Equal(high, claim.Lines[1].AllowedAmount);
        Assert.Equal(Round(low * 0.5m), claim.Lines[0].AllowedAmount);
        Assert.Equal(low - Round(low * 0.5m), Remitted(claim.Lines[0], "CO-59"));
        Assert.Equal(0m, Remitted(claim.Lines[0], "CO-45"));
        Balances(claim.Lines[0]);
        Assert.Equal(0.5m, StepsOf(claim.Lines[0], PricingRule.MultipleProcedures).Single().Factor);
    }

    [Fact]
    public void The_sixth_and_later_are_by_report_at_low_confidence()
    {
        var claim = Price(PricingSetting.Facility, Line("27447"), Line("11042", units: 5));
        Assert.Equal(PriceConfidence.Low, claim.Lines[1].Confidence);
        Assert.Contains("by report", StepsOf(claim.Lines[1], PricingRule.MultipleProcedures).Single().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_cent_reduction_is_the_fee_less_the_rounded_allowed_amount_so_the_remittance_adds_up_to_the_fee()
    {
        // 27447 facility, national, November 2025: 1,257.63; the second at 50 % is 628.815, allowed 628.82.
        foreach (decimal? charge in new decimal?[] { null, 1257.63m, 3000m })
        {
            var second = Price(PricingSetting.Facility, Line("27447", charge: charge), Line("27447", "59", charge: charge)).Lines[1];
            Assert.Equal(628.82m, second.AllowedAmount);
            Assert.Equal(628.81m, Remitted(second, "CO-59"));
            Assert.Equal(charge is { } billed ? billed - 1257.63m : 0m, Remitted(second, "CO-45"));
            Assert.Equal(charge ?? 1257.63m, second.Charge);
            Balances(second);
        }
    }

    [Fact]
    public void Without_a_billed_charge_the_remittance_starts_from_the_fee_before_the_reduction()
    {
        decimal low = Fee("11042");
        var line = Price(Line("11042"), Line("27447")).Lines[0];
        Assert.Equal(low, line.Charge);
        Balances(line);
    }

    [Theory]
    [InlineData(MultipleProcedureIndicator.Standard, 1, 1, "1.0")]
    [InlineData(MultipleProcedureIndicator.Standard, 2, 2, "0.5")]
    [InlineData(MultipleProcedureIndicator.Standard, 1, 7, "4.0")]     // 1 + 6 x 0.5 (sixth and later by report, 50 % shown)
    [InlineData(MultipleProcedureIndicator.Standard, 2, 3, "1.0")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 1, 1, "1.0")] // MULT PROC 1 (the rules before 1995): 100, 50, 25, 25, 25
    [InlineData(MultipleProcedureIndicator.Standard1995, 2, 2, "0.5")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 3, 3, "0.25")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 1, 2, "1.5")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 1, 5, "2.25")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 2, 4, "1.0")]
    [InlineData(MultipleProcedureIndicator.Standard1995, 3, 6, "1.0")]
    public void The_factors_of_a_run_of_ranks_add_up_by_the_indicator_s_schedule(MultipleProcedureIndicator indicator, long first, long last, string expected)
        => Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MultipleProceduresRule.FactorSum(indicator, first, last));
}
