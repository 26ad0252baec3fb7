using MedPayIQ.Pricing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>
/// The releases folder's CLFS, DMEPOS and DMEPOS ZIP code files (CMS's, packaged in the repository: src/MedPayIQ.Pricing.Data/cms,
/// provenance in its PROVENANCE.md) are found as the command-line tool finds them and price lab tests and DME items.
/// </summary>
public sealed class ScheduleFilesTests
{
    private static readonly DateOnly May2025 = new(2025, 5, 6);

    private static MedPayIQOptions Options(string root) => new()
    {
        Admission = { RequireWholeFiles = false, MinimumRowShare = 0m },
        UsePackagedReleases = false,
        ReleasesFolder = root,
        PreloadReleases = false,
    };

    private static Claim Claim(string? beneficiaryZip) => new(
    [
        new ClaimLine(May2025, HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR")),
        new ClaimLine(May2025, HcpcsCode.Parse("80053"), default),
    ])
    { BeneficiaryZip = beneficiaryZip };

    [Fact]
    public async Task The_releases_folder_s_schedule_files_price_a_DME_line_by_the_beneficiary_s_rural_ZIP_and_a_lab_test()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("schedules");
        var release = TestFiles.WriteRelease(root, "RVU25D");
        File.Copy(TestFiles.Cms("DMEPOS/DMEPOS25_APR.csv"), Path.Combine(release, "DMEPOS25_APR.csv"));
        File.Copy(TestFiles.Cms("DMEPOS/DMEZIPCodeQuarter2-2025.csv"), Path.Combine(release, "DMEZIPCodeQuarter2-2025.csv"));
        File.Copy(TestFiles.Cms("CLFS/CLFS 2025 Q2V1.csv"), Path.Combine(root, "CLFS 2025 Q2V1.csv")); // beside the release folders

        using var medpayiq = new MedPayIQService(Options(root));
        await medpayiq.StartAsync(ct);
        var snapshot = medpayiq.Current;
        Assert.Equal(["CLFS 2025 Q2V1.csv", "DMEPOS25_APR.csv", "DMEZIPCodeQuarter2-2025.csv"], snapshot.ScheduleFiles.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal));
        Assert.Equal(ReleaseFolder.FindSchedules(root).Select(f => f.Path), snapshot.ScheduleFiles.Select(f => f.Path)); // the library's one discovery

        // E0601-RR April 2025, California: rural 91.03 (90704 is rural in the 2025 Q2 ZIP file); 80053 CLFS 2025 Q2: 10.56.
        var price = await snapshot.PriceClaimAsync(Claim("90704"), ct);
        Assert.Equal((PriceOutcome.Priced, PaymentSchedule.Dmepos, 91.03m), (price.Lines[0].Outcome, price.Lines[0].Schedule, price.Lines[0].AllowedAmount));
        Assert.Equal((PriceOutcome.Priced, PaymentSchedule.ClinicalLaboratory, 10.56m, 0m), (price.Lines[1].Outcome, price.Lines[1].Schedule, price.Lines[1].AllowedAmount, price.Lines[1].Coinsurance));
        var service = await snapshot.PriceServiceAsync(new ServiceRequest(HcpcsCode.Parse("E0601"), Modifier.None, May2025, PricingLocation.National, PricingSetting.NonFacility) { Modifiers = ModifierSet.Parse("RR"), BeneficiaryZip = "90704" }, ct);
        Assert.Equal(91.03m, service.AllowedAmount);
        Assert.Empty(medpayiq.Problems);

        // Without the files, the same claim is not priced by them.
        var bare = TestFiles.NewFolder("no-schedules");
        TestFiles.WriteRelease(bare, "RVU25D");
        using var without = new MedPayIQService(Options(bare));
        await without.StartAsync(ct);
        Assert.Empty(without.Current.ScheduleFiles);
        var unpriced = await without.Current.PriceClaimAsync(Claim("90704"), ct);
        Assert.All(unpriced.Lines, l => Assert.Equal(PaymentSchedule.PhysicianFeeSchedule, l.Schedule));
        Assert.NotEqual(PriceOutcome.Priced, unpriced.Lines[0].Outcome);
    }

    [Fact]
    public async Task A_schedule_file_that_does_not_load_is_a_problem_and_the_others_serve()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("schedules-broken");
        var release = TestFiles.WriteRelease(root, "RVU25D");
        File.Copy(TestFiles.Cms("CLFS/CLFS 2025 Q2V1.csv"), Path.Combine(release, "CLFS 2025 Q2V1.csv"));
        File.WriteAllText(Path.Combine(release, "DMEPOS25_APR.csv"), "not,a,DMEPOS,file\r\n1,2,3,4\r\n");

        using var medpayiq = new MedPayIQService(Options(root));
        await medpayiq.StartAsync(ct);
        var problem = Assert.Single(medpayiq.Problems);
        Assert.StartsWith(Path.Combine(release, "DMEPOS25_APR.csv") + " failed to load: ", problem, StringComparison.Ordinal);
        Assert.EndsWith("It is not offered.", problem, StringComparison.Ordinal);
        Assert.Equal(["CLFS 2025 Q2V1.csv"], medpayiq.Current.ScheduleFiles.Select(f => Path.GetFileName(f.Path)));
        var price = await medpayiq.Current.PriceClaimAsync(Claim("90704"), ct);
        Assert.Equal(10.56m, price.Lines[1].AllowedAmount);
    }

    [Fact]
    public async Task A_schedule_file_cut_between_two_rows_is_refused_as_data_add_refuses_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("schedules-cut");
        var release = TestFiles.WriteRelease(root, "RVU25D", whole: true);
        var lines = File.ReadAllLines(TestFiles.Cms("CLFS/CLFS 2025 Q2V1.csv"));
        File.WriteAllLines(Path.Combine(release, "CLFS 2025 Q2V1.csv"), lines[..(lines.Length / 2)]); // loads: cut at a line end

        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false }, UsePackagedReleases = false, ReleasesFolder = root, PreloadReleases = false }; // the default 0.99 row share
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);
        var problem = Assert.Single(medpayiq.Problems);
        Assert.Contains("CLFS 2025 Q2V1.csv failed to load: it has ", problem, StringComparison.Ordinal);
        Assert.Contains("rows where the smallest packaged file of its kind has 2,105: it looks cut short", problem, StringComparison.Ordinal);
        Assert.Empty(medpayiq.Current.ScheduleFiles);
    }
}
