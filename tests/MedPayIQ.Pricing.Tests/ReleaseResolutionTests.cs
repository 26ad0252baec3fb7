using System.Globalization;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// Which release prices a date when the one in force is not loaded: the nearest loaded release of the same year
/// (earlier, Medium confidence; else later, Low confidence), never another year's; <see cref="ReleaseSelection.Exact"/> refuses.
/// </summary>
public class ReleaseResolutionTests
{
    private static FeeScheduleRelease R(string id) => PackagedFeeSchedules.Get(ReleaseId.Parse(id));

    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    /// <summary>A folder holding only a later quarter: RVU26C alone (and 2025's releases).</summary>
    private static readonly FeeScheduleCatalog OnlyJuly = FeeScheduleCatalog.Create([R("RVU25A"), R("RVU25D"), R("RVU26C")]);

    [Theory]
    [InlineData("2026-01-01", "RVU26C", ReleaseMatch.EarlierReleaseMissing, "RVU26A")]
    [InlineData("2026-03-31", "RVU26C", ReleaseMatch.EarlierReleaseMissing, "RVU26A")]
    [InlineData("2026-04-01", "RVU26C", ReleaseMatch.EarlierReleaseMissing, "RVU26B")]
    [InlineData("2026-06-30", "RVU26C", ReleaseMatch.EarlierReleaseMissing, "RVU26B")]
    [InlineData("2026-07-01", "RVU26C", ReleaseMatch.InForce, null)]
    [InlineData("2026-10-01", "RVU26C", ReleaseMatch.LaterReleaseMissing, null)]
    [InlineData("2026-12-31", "RVU26C", ReleaseMatch.LaterReleaseMissing, null)]
    [InlineData("2027-01-01", null, ReleaseMatch.None, null)] // never across years
    [InlineData("2025-12-31", "RVU25D", ReleaseMatch.InForce, null)]
    [InlineData("2025-01-01", "RVU25A", ReleaseMatch.InForce, null)]
    [InlineData("2024-12-31", null, ReleaseMatch.None, null)] // 2025's release is never used for 2024
    public void A_date_before_the_year_s_first_loaded_release_gets_the_nearest_of_the_same_year(string date, string? id, ReleaseMatch match, string? due)
    {
        var r = OnlyJuly.Resolve(D(date));
        Assert.Equal(match, r.Match);
        Assert.Equal(id, r.Release?.Id.ToString());
        if (due is not null)
        {
            Assert.Equal($"{due} is the release in force on {date} and is not loaded (no loaded 2026 release is effective that early); RVU26C, effective 2026-07-01, the nearest loaded release of the year, is used.", r.Reason);
        }

        // Exact selection keeps the release in force and refuses the rest, naming what applies and what would be used.
        var exact = OnlyJuly.Resolve(D(date), ReleaseSelection.Exact);
        Assert.Equal(match == ReleaseMatch.InForce ? id : null, exact.Release?.Id.ToString());
        Assert.Equal(match == ReleaseMatch.InForce ? ReleaseMatch.InForce : ReleaseMatch.None, exact.Match);
        if (due is not null)
        {
            Assert.Equal($"{due} is the release in force on {date} and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", exact.Reason);
        }
    }

    [Fact]
    public void Exact_selection_refuses_a_release_past_its_quarter()
    {
        var exact = OnlyJuly.Resolve(D("2026-10-01"), ReleaseSelection.Exact);
        Assert.Null(exact.Release);
        Assert.Equal("RVU26D is the release in force on 2026-10-01 and is not loaded; exact release selection refuses RVU26C, which covers dates through 2026-09-30.", exact.Reason);
    }

    [Theory]
    [InlineData(ReleaseSelection.Nearest)]
    [InlineData(ReleaseSelection.Exact)]
    public void InForceIndex_agrees_with_Resolve_on_every_day_of_three_years_for_every_subset_of_releases(ReleaseSelection selection)
    {
        var all = PackagedFeeSchedules.Catalog.Releases;
        for (int mask = 0; mask < 1 << all.Length; mask++)
        {
            var subset = all.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            var catalog = FeeScheduleCatalog.Create(subset);
            for (var d = new DateOnly(2024, 12, 30); d <= new DateOnly(2027, 1, 2); d = d.AddDays(1))
            {
                int i = FeeScheduleCatalog.InForceIndex(catalog.Releases, r => r.Id, r => r.EffectiveFrom, d, selection);
                var resolved = catalog.Resolve(d, selection).Release;
                Assert.Equal(resolved?.Id, i < 0 ? null : catalog.Releases[i].Id);
                if (resolved is not null)
                {
                    Assert.Equal(d.Year, resolved.Year);
                }
            }
        }
    }

    [Fact]
    public void A_service_priced_with_a_later_release_of_its_year_has_Low_confidence_a_step_and_a_warning()
    {
        var calculator = new PaymentCalculator(OnlyJuly);
        var request = new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, D("2026-03-02"), PricingLocation.National, PricingSetting.NonFacility);
        var price = calculator.Price(request);
        Assert.Equal(PriceOutcome.Priced, price.Outcome);
        Assert.Equal("RVU26C", price.Release!.Id.ToString());
        Assert.Equal(PriceConfidence.Low, price.Confidence);
        Assert.Equal("release in force not loaded; a later release of the year used", price.ConfidenceReason);
        Assert.Equal("RVU26A is the release in force on 2026-03-02 and is not loaded (no loaded 2026 release is effective that early); RVU26C, effective 2026-07-01, the nearest loaded release of the year, is used.", price.Steps[0].Detail);
        Assert.Contains("RVU26A should apply to 2026-03-02 but is not loaded; priced with RVU26C, a later release of the year (Low confidence). Load RVU26A for the amounts CMS pays.", price.Warnings);

        // The claim path says the same.
        var line = calculator.Price(new Claim([new ClaimLine(D("2026-03-02"), HcpcsCode.Parse("99213"))])).Lines[0];
        Assert.Equal(PriceConfidence.Low, line.Confidence);
        Assert.Equal(price.Steps[0].Detail, line.Steps[0].Detail);
        Assert.Contains(price.Warnings[0], line.Warnings);

        // Strict: not priced, with the reason.
        var strict = new PaymentCalculator(OnlyJuly) { ReleaseSelection = ReleaseSelection.Exact };
        var refused = strict.Price(request);
        Assert.Equal(PriceOutcome.NoRelease, refused.Outcome);
        Assert.Equal("RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", refused.Reason);
        Assert.Equal(PriceOutcome.NoRelease, strict.Price(new Claim([new ClaimLine(D("2026-03-02"), HcpcsCode.Parse("99213"))])).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.Priced, strict.Price(request with { DateOfService = D("2026-07-01") }).Outcome);
    }

    [Fact]
    public void With_every_2026_quarter_packaged_each_first_day_is_priced_in_force()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog) { ReleaseSelection = ReleaseSelection.Exact };
        foreach (var (date, id) in new[] { ("2026-01-01", "RVU26A"), ("2026-04-01", "RVU26B"), ("2026-07-01", "RVU26C") })
        {
            var price = calculator.Price(new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, D(date), PricingLocation.National, PricingSetting.NonFacility));
            Assert.Equal(id, price.Release!.Id.ToString());
            Assert.Equal(PriceConfidence.High, price.Confidence);
        }
    }
}
