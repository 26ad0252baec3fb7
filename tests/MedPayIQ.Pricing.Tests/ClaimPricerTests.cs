using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// <see cref="ClaimPricer"/> reuses its last result: every answer is the one a new result gives, whatever came before
/// it (longer claims, shorter ones, other dates, decisions with texts), and a batch priced with it allocates little.
/// </summary>
public class ClaimPricerTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);

    /// <summary>Everything a result answers: totals, and per line the amounts, outcome, reason, confidence, steps and adjustments.</summary>
    private static string Answer(ClaimPrice price)
        => string.Join("\n", price.Lines.Select(l =>
                $"{l.LineNumber} {l.Line} {l.Outcome} {l.Schedule} {l.Release?.Id} {l.FeeScheduleAmount} {l.AllowedAmount} {l.MedicarePayment} {l.Coinsurance} {l.Deductible} {l.Sequestration} {l.LimitingCharge} {l.HpsaBonus} {l.Charge} {l.Confidence} {l.ConfidenceReason} | {l.Reason} | "
                + string.Join("; ", l.Steps.Select(s => $"{s.Rule} {s.AmountBefore} {s.Amount} {s.Factor} {s.Detail} {s.Remittance} {s.RemittanceAmount}")) + " | "
                + string.Join("; ", l.Adjustments.Select(a => $"{a.Rule} {a.Code} {a.Amount}"))))
            + $"\n= {price.AllowedAmount} {price.MedicarePayment} {price.Deductible} {price.Coinsurance} {price.Sequestration} {price.HpsaBonus} {price.UnpricedLines} {price.Charge} {price.Lines.Length}";

    [Property(MaxTest = 200)]
    public bool A_run_of_claims_priced_by_one_pricer_is_priced_as_each_alone(int seed)
    {
        // Claims of 1 to 24 lines in turn (a 24-line claim grows the reused arrays, a 1-line claim after it leaves most unused).
        var pricer = new ClaimPricer(Calculator);
        for (int k = 0; k < 6; k++)
        {
            var claim = ClaimPropertyTests.RandomClaim(unchecked((seed * 7) + k), maxLines: k % 3 == 1 ? 24 : 6);
            if (Answer(pricer.Price(claim)) != Answer(Calculator.Price(claim)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Lines_priced_apart_from_their_claim_are_priced_as_the_claim_of_those_lines(int seed)
    {
        // The claim's fields from one claim, the lines from another, given in a buffer that is overwritten after each
        // call; mixed with claims priced whole, so that each form follows the other in the reused result.
        var pricer = new ClaimPricer(Calculator);
        var buffer = new ClaimLine[32];
        for (int k = 0; k < 6; k++)
        {
            var fields = ClaimPropertyTests.RandomClaim(unchecked((seed * 11) + k), maxLines: 3);
            var lines = ClaimPropertyTests.RandomClaim(unchecked((seed * 13) + k), maxLines: k % 3 == 1 ? 24 : 6).Lines;
            var whole = fields with { Lines = lines };
            lines.CopyTo(buffer);
            var price = k % 2 == 0 ? pricer.Price(fields, buffer.AsSpan(0, lines.Length)) : pricer.Price(whole);
            Array.Fill(buffer, default);
            if (Answer(price) != Answer(Calculator.Price(whole)) || !price.Claim.Lines.SequenceEqual(lines) || price.Claim.Location.ToString() != whole.Location.ToString())
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Lines_priced_apart_allocate_no_claim_and_make_it_only_when_asked()
    {
        var pricer = new ClaimPricer(Calculator);
        var day = new DateOnly(2025, 11, 3);
        var fields = new Claim([new ClaimLine(day, HcpcsCode.Parse("99999"))]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) };
        ClaimLine[] lines = [.. new[] { "27447", "20552", "64483", "99213", "73562" }.Select(c => new ClaimLine(day, HcpcsCode.Parse(c)))];
        var whole = fields with { Lines = [.. lines] };
        Assert.Equal(Answer(Calculator.Price(whole)), Answer(pricer.Price(fields, lines))); // its own line is not priced
        decimal sum = 0;
        long bytes = HotPathTests.Allocated(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                var price = pricer.Price(fields, lines);
                sum += price.AllowedAmount + price.Lines[4].AllowedAmount + price.Lines[4].Line.Units;
            }
        });
        Assert.InRange(bytes / 100, 0, 64);
        Assert.True(sum > 0);
        var result = pricer.Price(fields, lines.AsSpan(1, 2));
        Assert.Equal(["20552", "64483"], result.Claim.Lines.Select(l => l.Hcpcs.ToString()));
        Assert.Same(result.Claim, result.Claim);
        Assert.Equal(Answer(Calculator.Price(fields)), Answer(pricer.Price(fields, fields.Lines.AsSpan())));
        Assert.Throws<ArgumentNullException>(() => pricer.Price(null!, lines));
    }

    [Fact]
    public void The_result_is_the_same_object_each_time_and_reads_the_claim_last_priced()
    {
        var pricer = new ClaimPricer(Calculator);
        var day = new DateOnly(2025, 11, 3);
        var knee = new Claim([new ClaimLine(day, HcpcsCode.Parse("27447"))]);
        var visits = new Claim([new ClaimLine(day, HcpcsCode.Parse("99213")), new ClaimLine(day, HcpcsCode.Parse("99213"), ModifierSet.Parse("TC"))]);
        var first = pricer.Price(knee);
        decimal kneeAllowed = first.AllowedAmount;
        var second = pricer.Price(visits);
        Assert.Same(first, second);
        Assert.Equal(2, first.Lines.Length);
        Assert.Equal(Answer(Calculator.Price(visits)), Answer(first));
        Assert.Equal(kneeAllowed, pricer.Price(knee).AllowedAmount);
        var fiveDates = new Claim(Enumerable.Range(0, 10).Select(i => new ClaimLine(day.AddDays(-7 * (i % 5)), HcpcsCode.Parse(i % 2 == 0 ? "99213" : "20610"))))
        {
            Location = PricingLocation.Of(LocalityKey.Parse("01182/18")),
        };
        Assert.Equal(Answer(Calculator.Price(fiveDates)), Answer(pricer.Price(fiveDates))); // its own contexts grow past two dates
        Assert.Equal(Answer(Calculator.Price(knee)), Answer(pricer.Price(knee)));
        Assert.Throws<ArgumentNullException>(() => new ClaimPricer(null!));
        Assert.Throws<ArgumentNullException>(() => pricer.Price(null!));
    }

    [Fact]
    public void Pricing_a_claim_again_and_again_allocates_almost_nothing()
    {
        // The 10-line ranked claim whose new result is at most 2,400 bytes (HotPathTests): reused, its states,
        // adjustments and lines are not made again.
        var pricer = new ClaimPricer(Calculator);
        var day = new DateOnly(2025, 11, 3);
        string[] codes = ["27447", "20552", "64483", "64484", "20610", "11042", "11045", "99213", "96372", "73562"];
        var claim = new Claim(codes.Select(c => new ClaimLine(day, HcpcsCode.Parse(c)))) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) };
        decimal sum = 0;
        long bytes = HotPathTests.Allocated(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                var price = pricer.Price(claim);
                sum += price.AllowedAmount + price.Lines[9].AllowedAmount;
            }
        });
        Assert.InRange(bytes / 100, 0, 64);
        Assert.True(sum > 0);
    }
}
