using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="ComponentRowRule"/>: RVU readme, MOD column and PC/TC indicator (Attachment A).</summary>
public class ComponentRowRuleTests
{
    [Fact]
    public void The_26_and_TC_rows_are_their_own_published_rows()
    {
        // RVU25A 77321 national: global 92.51, 26 48.84, TC 43.67 (rows of the file, never derived).
        Assert.Equal(92.51m, Price(Line("77321", date: Jan2025)).AllowedAmount);
        Assert.Equal(48.84m, Price(Line("77321", "26", date: Jan2025)).AllowedAmount);
        Assert.Equal(43.67m, Price(Line("77321", "TC", date: Jan2025)).AllowedAmount);
    }

    [Fact]
    public void A_row_modifier_the_code_has_no_row_for_is_invalid_and_an_unknown_code_is_denied_CO_181()
    {
        var claim = Price(Line("99213", "26", charge: 100m), Line("ZZZZZ", charge: 40m), Line("27447", "53"));
        Assert.Equal(PriceOutcome.InvalidModifier, claim.Lines[0].Outcome);
        Assert.Equal("CO-4", claim.Lines[0].Adjustments.Single().Code.ToString());
        Assert.Equal(PriceOutcome.UnknownCode, claim.Lines[1].Outcome);
        Assert.Equal("CO-181", claim.Lines[1].Adjustments.Single().Code.ToString());
        Assert.Equal(40m, claim.Lines[1].Adjustments.Single().Amount);
        Assert.Equal(PriceOutcome.CarrierPriced, claim.Lines[2].Outcome); // 53 without a row: by individual consideration
    }

    [Fact]
    public void A_date_no_release_covers_is_pending_OA_133()
    {
        var line = Price(Line("99213", date: new DateOnly(2027, 3, 1), charge: 90m)).Lines[0];
        Assert.Equal(PriceOutcome.NoRelease, line.Outcome);
        Assert.Equal("OA-133", line.Adjustments.Single().Code.ToString());
        Balances(line);
    }
}
