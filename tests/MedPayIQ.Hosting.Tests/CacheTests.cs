using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>The release cache: one load however many ask at once, a size limit, sliding expiration.</summary>
public sealed class CacheTests
{
    private static Claim On(DateOnly date) => new([new ClaimLine(date, HcpcsCode.Parse("99213"))]);

    [Fact]
    public async Task A_thousand_requests_at_the_same_moment_load_a_release_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("single-flight");
        TestFiles.WriteRelease(root, "RVU25D", whole: true); // a real 2 MB PPRRVU file: the load takes long enough for all to wait on it
        using var medpayiq = new MedPayIQService(new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root, PreloadReleases = false });
        using var loads = new MetricCollector<long>(medpayiq.Instruments.ReleaseLoads);
        await medpayiq.StartAsync(ct);
        Assert.Equal(0, medpayiq.Cache.Loads);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claim = On(new DateOnly(2025, 11, 3));
        var requests = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await medpayiq.PriceClaimAsync(claim, ct);
        }, ct)).ToArray();
        go.SetResult();
        var prices = await Task.WhenAll(requests);

        Assert.Equal(1, medpayiq.Cache.Loads);
        var load = Assert.Single(loads.GetMeasurementSnapshot());
        Assert.Equal("success", load.Tags["medpayiq.result"]);
        Assert.Equal("RVU25D", load.Tags["medpayiq.release"]);
        Assert.All(prices, p => Assert.Equal(TestFiles.Render(prices[0]), TestFiles.Render(p)));
        Assert.Equal(PriceOutcome.Priced, prices[0].Lines[0].Outcome);
    }

    [Fact]
    public async Task The_cache_keeps_what_its_size_allows_and_reloads_what_it_let_go()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("eviction");
        foreach (var id in new[] { "RVU25A", "RVU25B", "RVU25C" })
        {
            TestFiles.WriteRelease(root, id);
        }

        long size = new DirectoryInfo(Path.Combine(root, "RVU25A")).GetFiles().Sum(f => f.Length);
        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root, PreloadReleases = false, Cache = { SizeLimitBytes = (size * 5) / 2 } };
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);
        DateOnly[] quarters = [new(2025, 2, 3), new(2025, 5, 5), new(2025, 8, 4)];

        // Two releases fit; the third does not, and touching all three in turn loads them again and again.
        for (int round = 0; round < 3; round++)
        {
            foreach (var date in quarters)
            {
                var price = await medpayiq.PriceClaimAsync(On(date), ct);
                Assert.Equal(PriceOutcome.Priced, price.Lines[0].Outcome);
                Assert.True(medpayiq.Cache.Statistics!.CurrentEstimatedSize <= options.Cache.SizeLimitBytes);
                await Task.Delay(20, ct); // compaction runs on the thread pool
            }
        }

        Assert.True(medpayiq.Cache.Loads > 3, $"{medpayiq.Cache.Loads} loads");
        Assert.True(medpayiq.Cache.Statistics!.CurrentEntryCount <= 2);

        // With room for all three, each is loaded once.
        using var roomy = new MedPayIQService(new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root, PreloadReleases = false });
        for (int round = 0; round < 3; round++)
        {
            foreach (var date in quarters)
            {
                await roomy.PriceClaimAsync(On(date), ct);
            }
        }

        Assert.Equal(3, roomy.Cache.Loads);
        Assert.Equal(3, roomy.Cache.Statistics!.CurrentEntryCount);
    }

    [Fact]
    public async Task A_packaged_release_in_the_cache_is_the_service_s_own_copy_so_evicting_it_frees_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var medpayiq = new MedPayIQService(new MedPayIQOptions { Releases = { "RVU25A" }, PreloadReleases = false });
        await medpayiq.StartAsync(ct);
        var release = await medpayiq.Current.GetReleaseAsync(new DateOnly(2025, 2, 3), ct);
        Assert.NotNull(release);
        Assert.NotSame(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A")), release);
        Assert.Equal(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A")).RvuFileSha256, release.RvuFileSha256);
        Assert.Equal(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A")).Rvus.Count, release.Rvus.Count);
        await medpayiq.StopAsync(ct);
    }

    [Fact]
    public async Task A_release_unused_for_the_sliding_expiration_leaves_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("sliding");
        TestFiles.WriteRelease(root, "RVU25D");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero));
        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root, Cache = { SlidingExpiration = TimeSpan.FromHours(1) } };
        using var medpayiq = new MedPayIQService(options, clock);
        await medpayiq.StartAsync(ct);
        var claim = On(new DateOnly(2025, 11, 3));
        Assert.Equal(1, medpayiq.Cache.Loads);

        clock.Advance(TimeSpan.FromMinutes(50));
        await medpayiq.PriceClaimAsync(claim, ct);
        clock.Advance(TimeSpan.FromMinutes(50));
        await medpayiq.PriceClaimAsync(claim, ct);
        Assert.Equal(1, medpayiq.Cache.Loads); // used within the hour each time

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.False(medpayiq.Cache.TryGet(medpayiq.Current.Releases[0], out _));
        await medpayiq.PriceClaimAsync(claim, ct);
        Assert.Equal(2, medpayiq.Cache.Loads);

        // A health probe reports the release without using it: it still leaves an hour after the last request.
        clock.Advance(TimeSpan.FromMinutes(40));
        var health = await new MedPayIQHealthCheck(medpayiq).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), ct);
        Assert.StartsWith("loaded from ", (string)health.Data["release:RVU25D"], StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(21));
        Assert.False(medpayiq.Cache.TryGet(medpayiq.Current.Releases[0], out _));
        await TestFiles.Until(() => medpayiq.Cache.Resident(medpayiq.Current.Releases[0]) is null, "the eviction callback has run");
        health = await new MedPayIQHealthCheck(medpayiq).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), ct);
        Assert.StartsWith("offered from ", (string)health.Data["release:RVU25D"], StringComparison.Ordinal);
    }
}
