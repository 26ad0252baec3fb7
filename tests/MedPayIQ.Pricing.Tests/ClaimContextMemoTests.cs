namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// The calculator remembers what a date of service and a place decide (release, locality, conversion factor) in a
/// small table shared by every thread that prices with it. Whatever the order and the threads, a claim's price is the
/// one a calculator that never saw another claim gives.
/// </summary>
public class ClaimContextMemoTests
{
    private static readonly string[] Codes = ["99213", "27447", "71046", "97110"];

    /// <summary>
    /// Claims over six months (two releases), many localities, ZIP codes, national amounts and both APM statuses: more
    /// dates and places than the table has slots, so slots are shared and replaced while other threads read them.
    /// </summary>
    private static List<Claim> Claims()
    {
        var release = PackagedFeeSchedules.Catalog.Releases.First(r => r.Id.ToString() == "RVU25D");
        var localities = release.Localities.PricedKeys.Take(40).Select(PricingLocation.Of).ToList();
        localities.AddRange(new[] { "90210", "10001", "60601", "33101" }.Select(PricingLocation.OfZip));
        localities.Add(PricingLocation.National);
        var random = new Random(19);
        var claims = new List<Claim>();
        for (int i = 0; i < 1500; i++)
        {
            var date = new DateOnly(2025, 10, 1).AddDays(random.Next(182));
            var lines = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ => new ClaimLine(date, HcpcsCode.Parse(Codes[random.Next(Codes.Length)]), ModifierSet.Parse(random.Next(3) == 0 ? "26" : "")))
                .ToArray();
            claims.Add(new Claim(lines)
            {
                Location = localities[random.Next(localities.Count)],
                ApmStatus = random.Next(4) == 0 ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            });
        }

        return claims;
    }

    private static string Answer(ClaimPrice price)
        => string.Join(" | ", price.Lines.Select(l => $"{l.Release?.Id} {l.Outcome} {l.AllowedAmount} {l.MedicarePayment}"));

    [Fact]
    public void A_claim_priced_among_many_dates_and_places_on_four_threads_is_priced_as_alone()
    {
        var claims = Claims();
        var alone = claims.Select(c => Answer(new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(c))).ToArray();
        Assert.Contains(alone, a => a.Contains("RVU25D", StringComparison.Ordinal));
        Assert.Contains(alone, a => a.Contains("RVU26", StringComparison.Ordinal));

        var shared = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var order = Enumerable.Range(0, claims.Count * 3).Select(i => i % claims.Count).OrderBy(_ => Random.Shared.Next()).ToArray();
        var answers = new string?[order.Length];
        Parallel.For(0, order.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => answers[i] = Answer(shared.Price(claims[order[i]])));
        for (int i = 0; i < order.Length; i++)
        {
            Assert.Equal(alone[order[i]], answers[i]);
        }
    }
}
