using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="InjectionStatusRule"/>: RVU readme, Attachment A, status T; CARC 97 with RARC M80.</summary>
public class InjectionStatusRuleTests
{
    [Fact]
    public void Status_T_is_paid_alone_and_bundled_CO_97_M80_beside_another_service_that_day()
    {
        Assert.Equal(PriceOutcome.Priced, Price(Line("96523")).Lines[0].Outcome);
        var day = Price(Line("96523", charge: 50m), Line("99213"));
        var t = day.Lines[0];
        Assert.Equal(PriceOutcome.Bundled, t.Outcome);
        Assert.Equal("CO-97 M80", t.Adjustments.Single().Code.ToString());
        Assert.Equal(50m, t.Adjustments.Single().Amount);
        Balances(t);
        Assert.Equal(PriceOutcome.Priced, Price(Line("96523"), Line("99213", date: Nov2025.AddDays(1))).Lines[0].Outcome);
    }

    [Fact]
    public void Two_status_T_lines_are_paid_alone_and_both_bundled_beside_another_service()
    {
        Assert.All(Price(Line("96523"), Line("96523", "59")).Lines, l => Assert.Equal(PriceOutcome.Priced, l.Outcome));
        var day = Price(Line("96523"), Line("96523", "59"), Line("99213"));
        Assert.Equal(PriceOutcome.Bundled, day.Lines[0].Outcome);
        Assert.Equal(PriceOutcome.Bundled, day.Lines[1].Outcome);
        Assert.Equal(PriceOutcome.Priced, day.Lines[2].Outcome);
    }
}
