using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="LineValidityRule"/>: X12 837P SV1 / CMS-1500 item 24 (units, charge, procedure code); CARC 16 with RARC M53 or M51.</summary>
public class LineValidityRuleTests
{
    [Fact]
    public void Zero_units_is_an_invalid_line_denied_CO_16_M53_and_the_rest_of_the_claim_is_priced()
    {
        var claim = Price(Line("99213", units: 0, charge: 120m), Line("77321"));
        var bad = claim.Lines[0];
        Assert.Equal(PriceOutcome.InvalidLine, bad.Outcome);
        Assert.Contains("units must be at least 1", bad.Reason, StringComparison.Ordinal);
        var denial = Assert.Single(bad.Adjustments);
        Assert.Equal("CO-16 M53", denial.Code.ToString());
        Assert.Equal(120m, denial.Amount);
        Balances(bad);
        Assert.Equal(PriceOutcome.Priced, claim.Lines[1].Outcome);
    }

    [Fact]
    public void A_negative_charge_and_a_missing_code_are_invalid_with_their_codes()
    {
        var claim = Price(Line("99213", charge: -1m), new ClaimLine(Nov2025, default));
        Assert.Equal(PriceOutcome.InvalidLine, claim.Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidLine, claim.Lines[1].Outcome);
        Assert.Equal(RemittanceCodes.MissingCode, claim.Lines[1].Steps.Single(s => s.Rule == PricingRule.LineValidity).Remittance);
    }

    [Fact]
    public void Zero_base_units_and_a_zero_charge_are_valid_so_the_line_is_refused_for_what_is_wrong_with_it()
    {
        // Zero is allowed for both (only negatives are refused): the reason is the line's real fault, in the rule's order.
        var claim = Price(
            Line("99213", charge: -1m) with { AnesthesiaBaseUnits = 0 },
            new ClaimLine(Nov2025, default) { BilledCharge = 0m, AnesthesiaBaseUnits = 0 },
            Line("99213", charge: 0m) with { AnesthesiaBaseUnits = 0 });
        Assert.Contains("the charge cannot be negative", claim.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal(RemittanceCodes.BillingError, claim.Lines[0].Steps.Single(s => s.Rule == PricingRule.LineValidity).Remittance);
        Assert.Contains("the line has no HCPCS code", claim.Lines[1].Reason, StringComparison.Ordinal);
        Assert.Equal(RemittanceCodes.MissingCode, claim.Lines[1].Steps.Single(s => s.Rule == PricingRule.LineValidity).Remittance);
        Assert.Equal(PriceOutcome.Priced, claim.Lines[2].Outcome);
    }
}
