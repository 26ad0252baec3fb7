using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>
/// The defects of a pricing service fed by a watched folder, each shown and fixed: a PPRRVU file cut at a line break
/// went live (1), superseded releases stayed in the cache (2), health dropped the reason (4), start and run differed
/// on a corrupt release (5), a release without a ZIP5 file lost every ZIP-located claim (6), one bad folder logged an
/// error at every poll and stopped the scan (7). Defect 3 (the HTTP API) is MedPayIQ.AspNetCore's.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly DateOnly November = new(2025, 11, 3);

    private sealed class Service : IDisposable
    {
        public Service(string name, Action<MedPayIQOptions> configure)
        {
            Root = TestFiles.NewFolder(name);
            Options = new MedPayIQOptions { ReleasesFolder = Root, WatchFolders = true, PollInterval = TimeSpan.FromMinutes(1), PreloadReleases = true };
            configure(Options);
        }

        public string Root { get; }

        public MedPayIQOptions Options { get; }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 11, 3, 6, 0, 0, TimeSpan.Zero));

        public FakeLoggerProvider Logs { get; } = new();

        public MedPayIQService Medpayiq => field ??= new MedPayIQService(Options, Clock, Factory);

        private LoggerFactory Factory => field ??= new LoggerFactory([Logs]);

        public async Task PollAsync()
        {
            int polls = Medpayiq.Polls;
            Clock.Advance(TimeSpan.FromMinutes(1));
            await TestFiles.Until(() => Medpayiq.Polls > polls, "the folder is polled");
        }

        public Task<HealthCheckResult> HealthAsync() => new MedPayIQHealthCheck(Medpayiq).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        public void Dispose()
        {
            Medpayiq.Dispose();
            Factory.Dispose();
            Logs.Dispose();
        }
    }

    /// <summary>Writes the first <paramref name="share"/> of a file, cut just after a line break (a copy in progress).</summary>
    private static void Cut(string path, double share)
    {
        var bytes = File.ReadAllBytes(path);
        int at = Array.LastIndexOf(bytes, (byte)'\n', (int)(bytes.Length * share)) + 1;
        File.WriteAllBytes(path, bytes[..at]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));
    }

    [Fact]
    public async Task Defect1_a_PPRRVU_file_cut_at_a_line_break_is_held_back_with_the_counts_and_the_whole_copy_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-cut", _ => { });
        var folder = TestFiles.WriteRelease(s.Root, "RVU25D", whole: true);
        await s.Medpayiq.StartAsync(ct);
        var first = s.Medpayiq.Current;
        Assert.Equal(ReleaseSourceKind.Folder, first.ReleaseFor(November)!.Kind);
        Assert.Equal(HealthStatus.Healthy, (await s.HealthAsync()).Status);

        Cut(Path.Combine(folder, "PPRRVU2025_Oct.csv"), 0.5);
        await s.PollAsync();
        await s.PollAsync(); // settled: loaded, refused
        Assert.Same(first, s.Medpayiq.Current);
        var line = (await s.Medpayiq.PriceClaimAsync(new Claim([new ClaimLine(November, HcpcsCode.Parse("G0439"))]), ct)).Lines[0];
        Assert.Equal(PriceOutcome.Priced, line.Outcome); // a code in the lost half (was UnknownCode at $0): still priced by the whole copy

        var health = await s.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Matches(@"PPRRVU2025_Oct\.csv has [\d,]+ rows where PPRRVU2025_Oct\.csv of RVU25D from .+ has 19,\d{3}", health.Description);
        Assert.Contains("keeps serving", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defect2_hundreds_of_swaps_keep_the_cache_to_the_releases_offered_and_free_the_superseded_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-soak", o => (o.UsePackagedReleases, o.WatchFolders, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, false, 0m));
        var folder = TestFiles.WriteRelease(s.Root, "RVU25D");
        await s.Medpayiq.StartAsync(ct);
        long oneRelease = s.Medpayiq.Cache.Statistics!.CurrentEstimatedSize!.Value;
        var rvu = Path.Combine(folder, "PPRRVU2025_Oct.csv");
        var time = File.GetLastWriteTimeUtc(rvu);
        for (int swap = 1; swap <= 300; swap++)
        {
            File.SetLastWriteTimeUtc(rvu, time.AddSeconds(swap)); // a new copy of the release
            Assert.True(await s.Medpayiq.ReloadAsync(ct));
            s.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(PriceOutcome.Priced, (await s.Medpayiq.PriceClaimAsync(new Claim([new ClaimLine(November, HcpcsCode.Parse("99213"))]), ct)).Lines[0].Outcome);
        }

        Assert.Equal(301, s.Medpayiq.Cache.Loads); // each copy loaded once, never twice
        var stats = s.Medpayiq.Cache.Statistics!;
        Assert.Equal(1, stats.CurrentEntryCount);
        Assert.Equal(oneRelease, stats.CurrentEstimatedSize);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.InRange(s.Medpayiq.Cache.RetiredAlive, 0, 1); // of 300 superseded copies, at most the one the last swap retired is still reachable (the memory cache's eviction callback)
    }

    [Fact]
    public async Task Defect4_health_keeps_the_reason_until_fixed_and_names_the_failing_and_serving_copies_by_their_files()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-reason", o => (o.UsePackagedReleases, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, 0m));
        TestFiles.WriteRelease(s.Root, "RVU25D");
        await s.Medpayiq.StartAsync(ct);
        var serving = s.Medpayiq.Current.Releases[0];

        Directory.Delete(Path.Combine(s.Root, "RVU25D"), recursive: true);
        var broken = TestFiles.WriteRelease(s.Root, "RVU25D", broken: true);
        File.SetLastWriteTimeUtc(Path.Combine(broken, "PPRRVU2025_Oct.csv"), DateTime.UtcNow.AddMinutes(3));
        for (int poll = 1; poll <= 4; poll++)
        {
            await s.PollAsync();
            if (poll < 2)
            {
                continue;
            }

            var health = await s.HealthAsync();
            Assert.Equal(HealthStatus.Degraded, health.Status);
            Assert.Contains("found '0.9x'", health.Description, StringComparison.Ordinal); // at every poll, not the first only
            Assert.Contains($"files {serving.Fingerprint[..12]}) keeps serving", health.Description, StringComparison.Ordinal);
            var failing = System.Text.RegularExpressions.Regex.Match(health.Description!, @"files ([0-9a-f]{12})\) failed to load").Groups[1].Value;
            Assert.NotEqual(serving.Fingerprint[..12], failing);
        }

        Assert.Single(s.Logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Error); // one entry for the state change
    }

    [Fact]
    public async Task Defect5_a_corrupt_folder_release_at_start_leaves_the_packaged_release_of_its_id_serving_as_while_running()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-start", _ => { });
        TestFiles.WriteRelease(s.Root, "RVU25D", whole: true, broken: true);
        await s.Medpayiq.StartAsync(ct);

        var source = s.Medpayiq.Current.ReleaseFor(November)!;
        Assert.Equal(("RVU25D", ReleaseSourceKind.Packaged), (source.Id.ToString(), source.Kind));
        var line = (await s.Medpayiq.PriceClaimAsync(new Claim([new ClaimLine(November, HcpcsCode.Parse("99213"))]), ct)).Lines[0];
        Assert.Equal(("RVU25D", PriceConfidence.High), (line.Release!.Id.ToString(), line.Confidence)); // not RVU25A's RVUs
        var health = await s.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("RVU25D (packaged MedPayIQ.Pricing.Data) keeps serving", health.Description, StringComparison.Ordinal);

        await s.PollAsync();
        await s.PollAsync();
        Assert.Equal(ReleaseSourceKind.Packaged, s.Medpayiq.Current.ReleaseFor(November)!.Kind); // running: the same
        Assert.Contains("found '0.9x'", (await s.HealthAsync()).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defect6_a_release_folder_without_a_ZIP5_file_takes_the_packaged_ZIP_file_of_its_period_and_says_so()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-zip", o => o.DefaultLocality = "99501"); // Anchorage: carrier 02102, locality 01
        TestFiles.WriteRelease(s.Root, "RVU25D", whole: true); // PPRRVU and GPCI only, as CMS's RVU zip (the ZIP file ships apart)
        await s.Medpayiq.StartAsync(ct);

        var price = await s.Medpayiq.PriceClaimAsync(s.Medpayiq.CreateClaim([new ClaimLine(November, HcpcsCode.Parse("99213"))]), ct);
        Assert.Equal(PriceOutcome.Priced, price.Lines[0].Outcome);
        Assert.Equal("02102/01", price.Lines[0].Service.Locality!.Key.ToString());
        var release = (await s.Medpayiq.Current.GetReleaseAsync(November, ct))!;
        Assert.Equal(ReleaseSourceKind.Folder, s.Medpayiq.Current.ReleaseFor(November)!.Kind);
        Assert.Contains(release.Provenance.Notes, n => n.StartsWith("ZIP5_OCT2025.txt (Zip5, sha256 ", StringComparison.Ordinal) && n.Contains("is taken from RVU25D (MedPayIQ.Pricing.Data (RVU25D))", StringComparison.Ordinal));
        Assert.Contains(release.Provenance.Files, f => f.Name == "ZIP5_OCT2025.txt");
        var health = await s.HealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("ZIP5_OCT2025.txt (Zip5", (string)health.Data["release:RVU25D"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_folder_without_a_ZIP5_file_takes_the_newest_file_of_the_ZIP_codes_folder_before_a_packaged_one()
    {
        // CMS ships its ZIP code file apart from the RVU zip: `medpayiq data add ZIP5_xxx.txt` keeps it in the data
        // folder's zip/ folder, which Hosting reads as MedPayIQOptions.ZipCodesFolder.
        var ct = TestContext.Current.CancellationToken;
        string zipFolder = TestFiles.NewFolder("admit-zip-folder");
        File.Copy(TestFiles.Cms("zip/ZIP5_OCT2025.txt"), Path.Combine(zipFolder, "ZIP5_JUL2025.txt"));
        File.SetLastWriteTimeUtc(Path.Combine(zipFolder, "ZIP5_JUL2025.txt"), new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc));
        File.Copy(TestFiles.Cms("zip/ZIP5_OCT2025.txt"), Path.Combine(zipFolder, "ZIP5_OCT2025.txt"));
        File.WriteAllText(Path.Combine(zipFolder, "ZIP5_OCT2025.txt.medpayiq-source.json"), "{}"); // the CLI's provenance beside it: not a ZIP file
        using var s = new Service("admit-zip-own", o => (o.DefaultLocality, o.ZipCodesFolder) = ("99501", zipFolder));
        TestFiles.WriteRelease(s.Root, "RVU25D", whole: true); // PPRRVU and GPCI only
        await s.Medpayiq.StartAsync(ct);

        var price = await s.Medpayiq.PriceClaimAsync(s.Medpayiq.CreateClaim([new ClaimLine(November, HcpcsCode.Parse("99213"))]), ct);
        Assert.Equal("02102/01", price.Lines[0].Service.Locality!.Key.ToString());
        var release = (await s.Medpayiq.Current.GetReleaseAsync(November, ct))!;
        Assert.Contains(release.Provenance.Notes, n => n.StartsWith("ZIP5_OCT2025.txt (ZIP5, sha256 ", StringComparison.Ordinal) && n.Contains(zipFolder, StringComparison.Ordinal));
        Assert.DoesNotContain(release.Provenance.Notes, n => n.Contains("ZIP5_JUL2025", StringComparison.Ordinal));

        var options = new MedPayIQOptions { ZipCodesFolder = Path.Combine(zipFolder, "missing") };
        Assert.Contains(new MedPayIQOptionsValidator().Validate(null, options).Failures!, f => f.Contains("ZipCodesFolder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Defect6_a_file_no_source_of_the_year_has_is_said_in_health_not_silently_absent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-absent", o => (o.UsePackagedReleases, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, 0m));
        TestFiles.WriteRelease(s.Root, "RVU24D"); // no packaged release of 2024 to take files from
        await s.Medpayiq.StartAsync(ct);
        Assert.EndsWith("no LocalityCounties, Anesthesia, OppsCap, Zip5 file in it or in any source of 2024", (string)(await s.HealthAsync()).Data["release:RVU24D"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defect7_one_bad_release_folder_is_left_out_logged_once_and_the_others_scanned()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-scan", o => (o.UsePackagedReleases, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, 0m));
        TestFiles.WriteRelease(s.Root, "RVU25A");
        var junk = Directory.CreateDirectory(Path.Combine(s.Root, "downloads")).FullName;
        File.WriteAllText(Path.Combine(junk, "PPRRVU_latest.csv"), "HCPCS\r\n"); // its release cannot be told
        await s.Medpayiq.StartAsync(ct);
        TestFiles.WriteRelease(s.Root, "RVU25D");
        for (int poll = 0; poll < 4; poll++)
        {
            await s.PollAsync();
        }

        Assert.Equal(["RVU25A", "RVU25D"], s.Medpayiq.Current.Releases.Select(r => r.Id.ToString()));
        var logs = s.Logs.Collector.GetSnapshot();
        Assert.Single(logs, r => r.Message.Contains("downloads was left out", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Exception is not null);
        Assert.Contains("downloads was left out", (await s.HealthAsync()).Description, StringComparison.Ordinal);

        Directory.Delete(junk, recursive: true);
        await s.PollAsync();
        Assert.Contains(s.Logs.Collector.GetSnapshot(), r => r.Message.StartsWith("Resolved: ", StringComparison.Ordinal) && r.Message.Contains("downloads", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, (await s.HealthAsync()).Status);
    }

    [Fact]
    public async Task Defect7_an_unreadable_release_folder_keeps_its_copy_serving_while_the_others_are_scanned_and_health_says_why()
    {
        // Tests run as root, whom chmod does not stop: the folder is made unreadable through the scan's file-system seam.
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-unreadable", o => (o.UsePackagedReleases, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, 0m));
        var a = TestFiles.WriteRelease(s.Root, "RVU25A");
        var d = TestFiles.WriteRelease(s.Root, "RVU25D");
        await s.Medpayiq.StartAsync(ct);
        var (servingA, servingD) = (s.Medpayiq.Current.Releases[0], s.Medpayiq.Current.Releases[1]);

        s.Medpayiq.FolderFiles = dir => dir.FullName == a ? throw new UnauthorizedAccessException($"Access to the path '{a}' is denied.") : dir.EnumerateFiles();
        File.SetLastWriteTimeUtc(Path.Combine(d, "PPRRVU2025_Oct.csv"), DateTime.UtcNow.AddMinutes(5)); // a new copy of RVU25D lands meanwhile
        for (int poll = 0; poll < 3; poll++)
        {
            await s.PollAsync();
        }

        var releases = s.Medpayiq.Current.Releases;
        Assert.Equal(servingA, releases[0]); // the unreadable folder's copy keeps serving (not swapped out)
        Assert.Equal("RVU25D", releases[1].Id.ToString());
        Assert.NotEqual(servingD.Fingerprint, releases[1].Fingerprint); // the other folder was scanned: its new copy is in
        Assert.Equal(PriceOutcome.Priced, (await s.Medpayiq.PriceClaimAsync(new Claim([new ClaimLine(new DateOnly(2025, 2, 3), HcpcsCode.Parse("99213"))]), ct)).Lines[0].Outcome);
        var health = await s.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"{a} was left out: Access to the path '{a}' is denied. {servingA.Describe()} keeps serving.", health.Description, StringComparison.Ordinal);
        Assert.Single(s.Logs.Collector.GetSnapshot(), r => r.Message.Contains("was left out", StringComparison.Ordinal)); // once, not at every poll
        Assert.DoesNotContain(s.Logs.Collector.GetSnapshot(), r => r.Exception is not null);

        s.Medpayiq.FolderFiles = null; // readable again
        await s.PollAsync();
        Assert.Equal(HealthStatus.Healthy, (await s.HealthAsync()).Status);
        Assert.Equal(servingA, s.Medpayiq.Current.Releases[0]);
    }

    [Fact]
    public async Task A_scan_that_fails_is_logged_once_without_a_stack_trace_and_recovers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-gone", o => (o.UsePackagedReleases, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, false, 0m));
        TestFiles.WriteRelease(s.Root, "RVU25D");
        await s.Medpayiq.StartAsync(ct);
        var parked = s.Root + "-parked";
        Directory.Move(s.Root, parked);
        for (int poll = 0; poll < 3; poll++)
        {
            await s.PollAsync();
        }

        Assert.Single(s.Logs.Collector.GetSnapshot(), r => r.Id.Id == 4 && r.Exception is null);
        Assert.Equal(HealthStatus.Degraded, (await s.HealthAsync()).Status);
        Assert.Equal(PriceOutcome.Priced, (await s.Medpayiq.PriceClaimAsync(new Claim([new ClaimLine(November, HcpcsCode.Parse("99213"))]), ct)).Lines[0].Outcome);
        Directory.Move(parked, s.Root);
        await s.PollAsync();
        Assert.Equal(HealthStatus.Healthy, (await s.HealthAsync()).Status);
    }

    [Fact]
    public async Task A_folder_without_the_ready_marker_is_left_alone_until_its_job_writes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s = new Service("admit-ready", o => (o.UsePackagedReleases, o.ReadyMarkerFileName, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (false, "READY", false, 0m));
        File.WriteAllText(Path.Combine(TestFiles.WriteRelease(s.Root, "RVU25A"), "READY"), "");
        await s.Medpayiq.StartAsync(ct);
        var folder = TestFiles.WriteRelease(s.Root, "RVU25D");
        await s.PollAsync();
        await s.PollAsync();
        Assert.Equal(["RVU25A"], s.Medpayiq.Current.Releases.Select(r => r.Id.ToString()));
        File.WriteAllText(Path.Combine(folder, "READY"), "");
        await s.PollAsync();
        await s.PollAsync();
        Assert.Equal(["RVU25A", "RVU25D"], s.Medpayiq.Current.Releases.Select(r => r.Id.ToString()));
    }

    [Fact]
    public async Task An_NCCI_file_cut_at_a_line_break_is_held_back_and_the_tables_serving_stay()
    {
        var ct = TestContext.Current.CancellationToken;
        var ncci = TestFiles.NewFolder("admit-ncci");
        using var s = new Service("admit-ncci-r", o => (o.UsePackagedReleases, o.NcciFolder, o.Admission.RequireWholeFiles, o.Admission.MinimumRowShare) = (true, ncci, false, 0m));
        var aoc = Path.Combine(ncci, "AOC_V2026Q2-MCR.csv");
        File.Copy(Path.Combine(TestFiles.RepositoryRoot(), "src", "MedPayIQ.Ncci", "data", "AOC_V2026Q2-MCR.csv"), aoc);
        await s.Medpayiq.StartAsync(ct);
        var tables = s.Medpayiq.Current.Ncci;

        Cut(aoc, 0.5);
        await s.PollAsync();
        Assert.Same(tables, s.Medpayiq.Current.Ncci);
        var health = await s.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("NCCI tables refused", health.Description, StringComparison.Ordinal);
        Assert.Matches(@"has [\d,]+ rows where AddOn 2026Q2 .+ has [\d,]+", health.Description);
    }
}
