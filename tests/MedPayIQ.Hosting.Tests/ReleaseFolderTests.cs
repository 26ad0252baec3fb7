using System.IO.Compression;
using MedPayIQ.Pricing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>One folder-of-releases reader for the host and the command-line tool, and one rule for the release in force.</summary>
public sealed class ReleaseFolderTests
{
    [Fact]
    public void Folders_and_zips_named_as_releases_are_found_and_a_folder_wins_over_its_zip()
    {
        var root = TestFiles.NewFolder("find");
        TestFiles.WriteRelease(root, "RVU25A");
        var d = TestFiles.WriteRelease(root, "RVU25D");
        ZipFile.CreateFromDirectory(d, Path.Combine(root, "RVU25D.zip"));
        ZipFile.CreateFromDirectory(d, Path.Combine(root, "RVU25C.zip"));
        Directory.CreateDirectory(Path.Combine(root, "notes"));
        File.WriteAllText(Path.Combine(root, "readme.txt"), "not a release");

        var found = ReleaseFolder.Find(root);

        Assert.Equal(["RVU25A folder", "RVU25C zip", "RVU25D folder"], found.Select(r => $"{r.Id} {r.Storage.ToString().ToLowerInvariant()}"));
        Assert.Equal(found, ReleaseFolder.Find(root)); // equal while nothing changes
        var c = found[1].Load();
        Assert.Equal(("RVU25C", new DateOnly(2025, 7, 1)), (c.Id.ToString(), c.EffectiveFrom));
    }

    [Fact]
    public void A_subfolder_whose_release_cannot_be_told_is_left_out_with_its_path_and_reason_and_the_others_found()
    {
        var root = TestFiles.NewFolder("left-out");
        TestFiles.WriteRelease(root, "RVU25D");
        var mystery = TestFiles.WriteRelease(root, "mystery");
        File.Move(Path.Combine(mystery, "PPRRVU2025_Oct.csv"), Path.Combine(mystery, "PPRRVU_custom.csv"));

        var found = ReleaseFolder.Find(root, out var problems);

        Assert.Equal("RVU25D", Assert.Single(found).Id.ToString());
        var problem = Assert.Single(problems);
        Assert.Equal(mystery, problem.Path);
        Assert.Contains("could not be told", problem.Reason, StringComparison.Ordinal);
        Assert.Equal($"{mystery} was left out: {problem.Reason}", problem.ToString());
        // Without the problem list, the first problem stops the scan, in the same words.
        var ex = Assert.Throws<FeeScheduleFormatException>(() => ReleaseFolder.Find(root));
        Assert.Contains(problem.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_folder_itself_is_one_release_named_by_its_rvu_file_when_the_folder_is_not()
    {
        var root = TestFiles.NewFolder("itself");
        var d = TestFiles.WriteRelease(root, "my-files");
        var found = Assert.Single(ReleaseFolder.Find(d));
        Assert.Equal(("RVU25D", ReleaseStorage.Folder), (found.Id.ToString(), found.Storage)); // PPRRVU2025_Oct.csv
    }

    [Fact]
    public async Task The_host_and_the_catalog_name_the_same_release_in_force_on_every_day()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("in-force");
        TestFiles.WriteRelease(root, "RVU25A");
        TestFiles.WriteRelease(root, "RVU25C");
        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = true, ReleasesFolder = root, PreloadReleases = false };
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);
        var snapshot = medpayiq.Current;
        var catalog = FeeScheduleCatalog.Create(snapshot.Releases.Select(r => r.Id.ToString() switch
        {
            "RVU25A" or "RVU25C" => ReleaseFolder.Find(root).Single(l => l.Id == r.Id).Load(),
            _ => Pricing.Data.PackagedFeeSchedules.Get(r.Id),
        }));

        for (var day = new DateOnly(2024, 12, 1); day <= new DateOnly(2027, 1, 31); day = day.AddDays(1))
        {
            Assert.Equal(catalog.Resolve(day).Release?.Id, snapshot.ReleaseFor(day)?.Id);
        }
    }

    [Theory]
    [InlineData(ReleaseSelection.Nearest)]
    [InlineData(ReleaseSelection.Exact)]
    public async Task A_date_before_the_year_s_first_offered_release_follows_the_selection_policy(ReleaseSelection selection)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new MedPayIQOptions { UsePackagedReleases = true, Releases = { "RVU25D", "RVU26C" }, PreloadReleases = false, ReleaseSelection = selection };
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);
        var snapshot = medpayiq.Current;
        var catalog = FeeScheduleCatalog.Create([Pricing.Data.PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")), Pricing.Data.PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"))]);
        for (var day = new DateOnly(2025, 9, 1); day <= new DateOnly(2027, 1, 31); day = day.AddDays(1))
        {
            Assert.Equal(catalog.Resolve(day, selection).Release?.Id, snapshot.ReleaseFor(day)?.Id);
        }

        var march = new DateOnly(2026, 3, 2);
        var claim = snapshot.CreateClaim([new ClaimLine(march, HcpcsCode.Parse("99213")), new ClaimLine(new DateOnly(2026, 7, 6), HcpcsCode.Parse("99213"))]);
        var priced = await snapshot.PriceClaimAsync(claim, ct);
        if (selection == ReleaseSelection.Nearest)
        {
            Assert.Equal("RVU26C", snapshot.ReleaseFor(march)!.Id.ToString());
            Assert.Equal(PriceOutcome.Priced, priced.Lines[0].Outcome);
            Assert.Equal(PriceConfidence.Low, priced.Lines[0].Confidence);
        }
        else
        {
            Assert.Null(snapshot.ReleaseFor(march));
            Assert.Equal(PriceOutcome.NoRelease, priced.Lines[0].Outcome); // though the claim's other line loads RVU26C
            Assert.Equal("RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", priced.Lines[0].Reason);
        }

        Assert.Equal(PriceOutcome.Priced, priced.Lines[1].Outcome);
    }
}
