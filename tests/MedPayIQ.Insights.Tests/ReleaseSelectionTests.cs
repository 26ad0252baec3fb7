namespace MedPayIQ.Insights.Tests;

/// <summary>Insights and diffs pick a date's release as the calculator does: the nearest of the year, or only the release in force.</summary>
public class ReleaseSelectionTests
{
    private static readonly FeeScheduleCatalog JulyOnly = FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"))]);

    private static readonly DateOnly March = new(2026, 3, 2);

    [Fact]
    public void Insights_use_the_calculator_s_selection()
    {
        var request = new InsightRequest(March, PricingLocation.National, PricingSetting.NonFacility);
        var nearest = new CodeInsights(JulyOnly).For(HcpcsCode.Parse("77321"), request);
        Assert.Equal("RVU26C", nearest.Release!.Id.ToString());
        Assert.StartsWith("RVU26A is the release in force on 2026-03-02 and is not loaded (no loaded 2026 release is effective that early); RVU26C", nearest.ReleaseReason, StringComparison.Ordinal);
        Assert.NotEmpty(nearest.OfKind(InsightKind.Price));

        var exact = new CodeInsights(new PaymentCalculator(JulyOnly) { ReleaseSelection = ReleaseSelection.Exact }, null).For(HcpcsCode.Parse("77321"), request);
        Assert.Null(exact.Release);
        Assert.Equal("RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", exact.ReleaseReason);
        Assert.Empty(exact.OfKind(InsightKind.Price));
    }

    [Fact]
    public void A_diff_of_dates_follows_the_options_selection()
    {
        var diff = new ReleaseDiff(FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")), PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"))]));
        var codes = CodeRange.Of(HcpcsCode.Parse("77321"));
        var nearest = diff.Compare(new DateOnly(2025, 12, 31), March, new ReleaseDiffOptions { Codes = codes });
        Assert.Equal(("RVU25D", "RVU26C"), (nearest.From.Id.ToString(), nearest.To.Id.ToString()));

        var ex = Assert.Throws<ArgumentException>(() => diff.Compare(new DateOnly(2025, 12, 31), March, new ReleaseDiffOptions { Codes = codes, ReleaseSelection = ReleaseSelection.Exact }));
        Assert.StartsWith("No release covers 2026-03-02: RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C", ex.Message, StringComparison.Ordinal);
    }
}
