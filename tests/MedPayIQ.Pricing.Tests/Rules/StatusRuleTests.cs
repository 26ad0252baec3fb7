using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="StatusRule"/>: RVU readme, Attachment A (status codes); CARC 97, 96, 181, 246, 133.</summary>
public class StatusRuleTests
{
    [Theory]
    [InlineData(StatusCode.Bundled, PriceOutcome.Bundled, "CO-97")]
    [InlineData(StatusCode.NonCovered, PriceOutcome.NotPayable, "CO-96")]
    [InlineData(StatusCode.StatutoryExclusion, PriceOutcome.NotPayable, "CO-96")]
    [InlineData(StatusCode.NotValidForMedicare, PriceOutcome.NotPayable, "CO-181")]
    [InlineData(StatusCode.Measurement, PriceOutcome.NotPayable, "CO-246")]
    [InlineData(StatusCode.CarrierPriced, PriceOutcome.CarrierPriced, "OA-133")]
    public void Each_status_is_its_outcome_and_the_whole_charge_is_adjusted_with_its_code(StatusCode status, PriceOutcome outcome, string code)
    {
        var row = TestData.Rvu25D.Rvus.Rows.First(r => r.Status == status && r.Modifier == Modifier.None);
        var line = Price(new ClaimLine(Nov2025, row.Hcpcs) { BilledCharge = 75m }).Lines[0];
        Assert.Equal(outcome, line.Outcome);
        var adjustment = Assert.Single(line.Adjustments);
        Assert.Equal(code, $"{adjustment.Code.GroupCode}-{adjustment.Code.Reason}");
        Assert.Equal(75m, adjustment.Amount);
        Assert.Equal(0m, line.MedicarePayment);
        Balances(line);
    }

    [Fact]
    public void Status_A_is_priced()
        => Assert.Equal(PriceOutcome.Priced, Price(Line("99213")).Lines[0].Outcome);
}
