using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>A watched folder polled on a fake clock: new releases swapped in once settled; broken ones logged and left out.</summary>
public sealed class WatchTests
{
    private static readonly DateOnly November = new(2025, 11, 3);
    private static readonly Claim Visit = new([new ClaimLine(November, HcpcsCode.Parse("99213"))]);

    private sealed class Watched : IDisposable
    {
        public Watched(string name, Action<MedPayIQOptions>? configure = null)
        {
            Root = TestFiles.NewFolder(name);
            TestFiles.WriteRelease(Root, "RVU25A");
            var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = Root, WatchFolders = true, PollInterval = TimeSpan.FromMinutes(1) };
            configure?.Invoke(options);
            Factory = new LoggerFactory([Logs]);
            Service = new MedPayIQService(options, Clock, Factory);
        }

        public string Root { get; }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 10, 1, 6, 0, 0, TimeSpan.Zero));

        public FakeLogCollector Collector => Logs.Collector;

        private FakeLoggerProvider Logs { get; } = new();

        private LoggerFactory Factory { get; }

        public MedPayIQService Service { get; }

        /// <summary>One poll interval on the fake clock, and the poll it starts, done.</summary>
        public async Task PollAsync()
        {
            int polls = Service.Polls;
            Clock.Advance(TimeSpan.FromMinutes(1));
            await TestFiles.Until(() => Service.Polls > polls, "the folder is polled");
        }

        public void Dispose()
        {
            Service.Dispose();
            Factory.Dispose();
        }
    }

    [Fact]
    public async Task A_schedule_file_dropped_into_the_folder_is_loaded_once_settled_and_prices_lab_tests()
    {
        var ct = TestContext.Current.CancellationToken;
        using var w = new Watched("watch-schedule");
        await w.Service.StartAsync(ct);
        var lab = new Claim([new ClaimLine(November, HcpcsCode.Parse("80053"))]);
        Assert.NotEqual(PriceOutcome.Priced, (await w.Service.Current.PriceClaimAsync(lab, ct)).Lines[0].Outcome);

        // CMS's CLFS 2025 Q2 file (packaged in the repository): seen new at one poll, served at the next it is unchanged.
        File.Copy(TestFiles.Cms("CLFS/CLFS 2025 Q2V1.csv"), Path.Combine(w.Root, "CLFS 2025 Q2V1.csv"));
        await w.PollAsync();
        Assert.Empty(w.Service.Current.ScheduleFiles);
        await w.PollAsync();
        Assert.Equal(["CLFS 2025 Q2V1.csv"], w.Service.Current.ScheduleFiles.Select(f => Path.GetFileName(f.Path)));
        var priced = (await w.Service.Current.PriceClaimAsync(lab, ct)).Lines[0];
        Assert.Equal((PriceOutcome.Priced, PaymentSchedule.ClinicalLaboratory, 10.56m), (priced.Outcome, priced.Schedule, priced.AllowedAmount));
    }

    [Fact]
    public async Task A_release_dropped_into_the_folder_is_loaded_once_settled_and_swapped_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var w = new Watched("watch-new");
        await w.Service.StartAsync(ct);
        var first = w.Service.Current;
        Assert.Equal("RVU25A", first.ReleaseFor(November)!.Id.ToString());

        TestFiles.WriteRelease(w.Root, "RVU25D");
        await w.PollAsync(); // seen for the first time: it may still be being copied
        Assert.Same(first, w.Service.Current);
        Assert.Contains(w.Collector.GetSnapshot(), r => r.Id.Id == 6 && r.Message.Contains("RVU25D", StringComparison.Ordinal));

        await w.PollAsync(); // unchanged for a poll: loaded, then swapped in
        var second = w.Service.Current;
        Assert.Equal(2, second.Generation);
        Assert.Equal(w.Clock.GetUtcNow(), second.PublishedAt);
        var price = await w.Service.PriceClaimAsync(Visit, ct);
        Assert.Equal("RVU25D", price.Lines[0].Release!.Id.ToString());
        Assert.Equal(PriceConfidence.High, price.Lines[0].Confidence);

        var logs = w.Collector.GetSnapshot();
        Assert.Contains(logs, r => r.Id.Id == 1 && r.Level == LogLevel.Information && r.Message.StartsWith("Loaded fee schedule release RVU25D from ", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Id.Id == 3 && r.Message == "Snapshot 2 swapped in: releases RVU25A, RVU25D (snapshot 1 had RVU25A)");

        await w.PollAsync(); // nothing changed: no swap
        Assert.Same(second, w.Service.Current);
        await w.Service.StopAsync(ct);
    }

    [Fact]
    public async Task A_release_that_fails_to_load_leaves_the_old_snapshot_serving_and_logs_why()
    {
        var ct = TestContext.Current.CancellationToken;
        using var w = new Watched("watch-broken");
        await w.Service.StartAsync(ct);
        var first = w.Service.Current;

        TestFiles.WriteRelease(w.Root, "RVU25D", broken: true);
        await w.PollAsync();
        await w.PollAsync();
        Assert.Same(first, w.Service.Current);
        var error = Assert.Single(w.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal(2, error.Id.Id);
        Assert.StartsWith("Fee schedule release RVU25D (folder ", error.Message, StringComparison.Ordinal);
        Assert.Contains("found '0.9x'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Serving instead: nothing", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Exception); // a bad file is not a bug of ours: no stack trace
        Assert.Equal("RVU25A", (await w.Service.PriceClaimAsync(Visit, ct)).Lines[0].Release!.Id.ToString());

        var health = await new MedPayIQHealthCheck(w.Service).CheckHealthAsync(new HealthCheckContext(), ct);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("RVU25D (folder ", health.Description, StringComparison.Ordinal);
        Assert.Contains("failed to load", health.Description, StringComparison.Ordinal);

        // The same broken files are not loaded again at every poll; fixed files are.
        int loads = w.Service.Cache.Loads;
        await w.PollAsync();
        Assert.Equal(loads, w.Service.Cache.Loads);
        Assert.Single(w.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);

        Directory.Delete(Path.Combine(w.Root, "RVU25D"), recursive: true);
        var fixedFolder = TestFiles.WriteRelease(w.Root, "RVU25D");
        File.SetLastWriteTimeUtc(Path.Combine(fixedFolder, "PPRRVU2025_Oct.csv"), DateTime.UtcNow.AddMinutes(1)); // a new file, whatever the file system's time resolution
        await w.PollAsync();
        await w.PollAsync();
        Assert.Equal(2, w.Service.Current.Generation);
        Assert.Equal("RVU25D", (await w.Service.PriceClaimAsync(Visit, ct)).Lines[0].Release!.Id.ToString());
        Assert.Equal(HealthStatus.Healthy, (await new MedPayIQHealthCheck(w.Service).CheckHealthAsync(new HealthCheckContext(), ct)).Status);
    }

    [Fact]
    public async Task A_zip_archive_and_new_NCCI_files_are_picked_up_too()
    {
        var ct = TestContext.Current.CancellationToken;
        var ncci = TestFiles.NewFolder("watch-ncci");
        using var w = new Watched("watch-zip", o => o.NcciFolder = ncci);
        await w.Service.StartAsync(ct);
        var day = new DateOnly(2023, 6, 1);
        var claim = new Claim([new ClaimLine(day, HcpcsCode.Parse("0001A")), new ClaimLine(day, HcpcsCode.Parse("71046")), new ClaimLine(day, HcpcsCode.Parse("0591T"))]);
        Assert.Empty(w.Service.CheckNcci(claim).Findings);

        var staging = TestFiles.NewFolder("watch-zip-staging");
        System.IO.Compression.ZipFile.CreateFromDirectory(TestFiles.WriteRelease(staging, "RVU25D"), Path.Combine(w.Root, "RVU25D.zip"));
        File.Copy(Path.Combine(TestFiles.RepositoryRoot(), "tests", "MedPayIQ.Ncci.Tests", "data", "ccipra-v322r0-f1.excerpt.txt"), Path.Combine(ncci, "ccipra-v322r0-f1.txt"));
        await w.PollAsync();
        await w.PollAsync();

        var snapshot = w.Service.Current;
        var d = Assert.Single(snapshot.Releases, r => r.Id.Quarter == 'D');
        Assert.Equal(ReleaseSourceKind.Zip, d.Kind);
        Assert.Equal("RVU25D", (await snapshot.PriceClaimAsync(Visit, ct)).Lines[0].Release!.Id.ToString());
        var finding = Assert.Single(snapshot.CheckNcci(claim).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, finding.Kind);
        Assert.Contains(w.Collector.GetSnapshot(), r => r.Id.Id == 7);
    }

    [Fact]
    public async Task A_compiled_NCCI_snapshot_in_the_NCCI_folder_serves_like_the_CMS_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var ncci = TestFiles.NewFolder("watch-snapshot");
        var text = NcciLoader.Load(Path.Combine(TestFiles.RepositoryRoot(), "tests", "MedPayIQ.Ncci.Tests", "data", "ccipra-v322r0-f1.excerpt.txt"));
        NcciSnapshot.Write(Path.Combine(ncci, "ptp-2026q3.ncci"), text);
        using var w = new Watched("watch-snapshot-releases", o => o.NcciFolder = ncci);
        await w.Service.StartAsync(ct);
        var day = new DateOnly(2023, 6, 1);
        var claim = new Claim([new ClaimLine(day, HcpcsCode.Parse("0001A")), new ClaimLine(day, HcpcsCode.Parse("0591T"))]);
        var finding = Assert.Single(w.Service.CheckNcci(claim).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, finding.Kind);
        Assert.Equal(text[0].Source, finding.Source); // the CMS file and its SHA-256, not the snapshot
    }

    [Fact]
    public async Task A_release_folder_removed_is_swapped_out()
    {
        var ct = TestContext.Current.CancellationToken;
        using var w = new Watched("watch-removed");
        TestFiles.WriteRelease(w.Root, "RVU25D");
        await w.Service.StartAsync(ct);
        Assert.Equal(2, w.Service.Current.Releases.Length);

        Directory.Delete(Path.Combine(w.Root, "RVU25D"), recursive: true);
        await w.PollAsync();
        Assert.Equal("RVU25A", Assert.Single(w.Service.Current.Releases).Id.ToString());
        var line = (await w.Service.PriceClaimAsync(Visit, ct)).Lines[0];
        Assert.Equal("RVU25A", line.Release!.Id.ToString());
        Assert.Equal(PriceConfidence.Medium, line.Confidence); // the later release of the year is no longer offered
    }

    [Fact]
    public async Task A_release_listed_but_not_found_is_reported_by_the_health_check()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("missing");
        TestFiles.WriteRelease(root, "RVU25D");
        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root, Releases = { "RVU25D", "RVU26A" } };
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);

        Assert.Equal("RVU25D", Assert.Single(medpayiq.Current.Releases).Id.ToString());
        var health = await new MedPayIQHealthCheck(medpayiq).CheckHealthAsync(new HealthCheckContext(), ct);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("Snapshot 1: 1 releases offered, 1 loaded. MedPayIQ:Releases lists RVU26A, found in neither the packaged releases nor the releases folder.", health.Description);
    }
}
