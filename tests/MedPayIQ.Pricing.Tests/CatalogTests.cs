namespace MedPayIQ.Pricing.Tests;

public class CatalogTests
{
    private static readonly FeeScheduleCatalog Catalog = PackagedFeeSchedules.Catalog;

    [Theory]
    [InlineData("2025-01-01", "RVU25A", ReleaseMatch.InForce)]
    [InlineData("2025-03-31", "RVU25A", ReleaseMatch.InForce)]
    [InlineData("2025-04-01", "RVU25A", ReleaseMatch.LaterReleaseMissing)] // RVU25B is not loaded
    [InlineData("2025-09-30", "RVU25A", ReleaseMatch.LaterReleaseMissing)]
    [InlineData("2025-10-01", "RVU25D", ReleaseMatch.InForce)]
    [InlineData("2025-12-31", "RVU25D", ReleaseMatch.InForce)]
    [InlineData("2026-01-01", "RVU26A", ReleaseMatch.InForce)]
    [InlineData("2026-03-31", "RVU26A", ReleaseMatch.InForce)]
    [InlineData("2026-04-01", "RVU26B", ReleaseMatch.InForce)]
    [InlineData("2026-06-30", "RVU26B", ReleaseMatch.InForce)]
    [InlineData("2026-07-01", "RVU26C", ReleaseMatch.InForce)]
    [InlineData("2026-09-30", "RVU26C", ReleaseMatch.InForce)]
    [InlineData("2026-10-01", "RVU26C", ReleaseMatch.LaterReleaseMissing)]
    [InlineData("2027-01-01", null, ReleaseMatch.None)]                     // no 2027 release: never priced with 2026
    [InlineData("2024-12-31", null, ReleaseMatch.None)]
    public void The_release_for_a_date_of_service(string date, string? id, ReleaseMatch match)
    {
        var r = Catalog.Resolve(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(match, r.Match);
        Assert.Equal(id, r.Release?.Id.ToString());
        Assert.False(string.IsNullOrWhiteSpace(r.Reason));
    }

    [Fact]
    public void Catalogs_are_immutable_snapshots()
    {
        var a = FeeScheduleCatalog.Create([TestData.Rvu25A]);
        var ad = a.With(TestData.Rvu25D);
        Assert.Single(a.Releases);
        Assert.Equal(2, ad.Releases.Length);
        Assert.Equal(ReleaseMatch.LaterReleaseMissing, a.Resolve(new DateOnly(2025, 11, 1)).Match);
        Assert.Equal(ReleaseMatch.InForce, ad.Resolve(new DateOnly(2025, 11, 1)).Match);
        Assert.Same(TestData.Rvu25D, ad.With(TestData.Rvu25D).Releases[1]);
        Assert.Throws<ArgumentException>(() => FeeScheduleCatalog.Create([TestData.Rvu25A, TestData.Rvu25A]));
        Assert.True(ad.TryGetRelease(ReleaseId.Parse("rvu25d"), out var d));
        Assert.Same(TestData.Rvu25D, d);
        Assert.False(ad.TryGetRelease(ReleaseId.Parse("RVU26C"), out _));
        Assert.Equal(ReleaseMatch.None, FeeScheduleCatalog.Empty.Resolve(new DateOnly(2025, 5, 5)).Match);
    }

    [Theory]
    [InlineData("2025-06-15", false, 32.3465, 20.3178)]
    [InlineData("2025-06-15", true, 32.3465, 20.3178)]
    [InlineData("2026-02-01", false, 33.4009, 20.49754)]
    [InlineData("2026-02-01", true, 33.5675, 20.599835)]
    public void Conversion_factors_by_date_and_QP_status(string date, bool qp, decimal cf, decimal anes)
    {
        Assert.True(ConversionFactorSchedule.Medicare.TryGet(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), out var p));
        Assert.Equal(cf, p.For(qp ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying));
        Assert.Equal(anes, p.AnesthesiaFor(qp ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying));
    }

    [Fact]
    public void Conversion_factors_agree_with_the_packaged_RVU_files_and_2027_is_unknown()
    {
        foreach (var r in Catalog.Releases)
        {
            Assert.True(ConversionFactorSchedule.Medicare.TryGet(r.EffectiveFrom, out var p));
            Assert.Equal(p.For(r.IsQualifyingApmParticipantFile ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying), r.ConversionFactor);
        }

        Assert.False(ConversionFactorSchedule.Medicare.TryGet(new DateOnly(2027, 1, 1), out _));
        // rules.md A2: 32.3465 x 1.0025 x 1.025 x 1.0049 = 33.4009 (QP: x 1.0075 = 33.5675)
        Assert.Equal(33.4009m, Math.Round(32.3465m * 1.0025m * 1.025m * 1.0049m, 4, MidpointRounding.AwayFromZero));
        Assert.Equal(33.5675m, Math.Round(32.3465m * 1.0075m * 1.025m * 1.0049m, 4, MidpointRounding.AwayFromZero));
        Assert.Throws<ArgumentException>(() => new ConversionFactorSchedule([ConversionFactorSchedule.Medicare.Periods[0], ConversionFactorSchedule.Medicare.Periods[0]]));
    }

    [Fact]
    public void Packaged_releases_load_once_and_are_shared()
    {
        Assert.Same(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")), PackagedFeeSchedules.Get(ReleaseId.Parse("rvu25d")));
        Assert.Same(PackagedFeeSchedules.Catalog, PackagedFeeSchedules.Catalog);
        var ex = Assert.Throws<ArgumentException>(() => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU24A")));
        Assert.Contains("RVU25A, RVU25D, RVU26A, RVU26B, RVU26C", ex.Message, StringComparison.Ordinal);
    }
}
