using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>price, releases and --data on the codes of the other Part B schedules (CLFS, DMEPOS, ASP).</summary>
public sealed class PartBScheduleCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "medpayiq-partb-" + Guid.NewGuid().ToString("N"));

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess(args);

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", "partb", name);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Price_pays_a_lab_test_100_percent_of_its_CLFS_rate()
    {
        var (exit, output, error) = Run("price", "80053", "--date", "2026-05-04", "--charge", "25");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Priced: allowed 10.56   confidence High", output, StringComparison.Ordinal);
        Assert.Contains("Medicare pays 10.56; coinsurance 0.00", output, StringComparison.Ordinal);
        Assert.Contains("clinical laboratory fee schedule        10.56  80053 rate 10.56 (indicator N, national limit), effective 2026-01-01, CLFS 2026 Q2", output, StringComparison.Ordinal);
        Assert.Contains("Schedule ClinicalLaboratory:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RVUs x GPCIs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_prices_a_DME_rental_by_the_beneficiary_zip_falling_back_to_zip()
    {
        var (exit, rural, _) = Run("price", "E0601", "-m", "RR", "--date", "2025-05-06", "--zip", "90097", "--beneficiary-zip", "90704");
        Assert.Equal(0, exit);
        Assert.Contains("Priced: allowed 91.03", rural, StringComparison.Ordinal);
        Assert.Contains("Medicare pays 72.82; coinsurance 18.21", rural, StringComparison.Ordinal);
        Assert.Contains("E0601-RR CA (R) 91.03: beneficiary ZIP 90704, rural", rural, StringComparison.Ordinal);
        var (_, urban, _) = Run("price", "E0601", "-m", "RR", "--date", "2025-05-06", "--zip", "90097");
        Assert.Contains("Priced: allowed 49.12", urban, StringComparison.Ordinal);
        var (bad, _, message) = Run("price", "E0601", "-m", "RR", "--date", "2025-05-06", "--beneficiary-zip", "9070");
        Assert.Equal(2, bad);
        Assert.Contains("'9070' is not a ZIP code", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Releases_lists_every_schedule_loaded()
    {
        var (exit, output, _) = Run("releases");
        Assert.Equal(0, exit);
        Assert.Contains("CLFS 2025 Q2  effective 2025-04-01 through 2025-06-30  2,105 rates, 1,987 codes", output, StringComparison.Ordinal);
        Assert.Contains("CLFS 2026 Q2  effective 2026-04-01 through 2026-06-30  2,179 rates, 2,055 codes", output, StringComparison.Ordinal);
        Assert.Contains("DMEPOS 2025 Q2  effective 2025-04-01 through 2025-06-30  3,511 rows, 2,100 codes, 53 states", output, StringComparison.Ordinal);
        Assert.Contains("DMEPOS former CBA 2025 Q2  effective 2025-04-01 through 2025-06-30  617 rows, 318 codes, 130 former CBAs", output, StringComparison.Ordinal);
        Assert.Contains("DMEPOS ZIP 2025 Q2  effective 2025-04-01 through 2025-06-30  32,036 ZIP codes, 15,912 rural", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_two_dates_lists_the_lab_rates_that_changed_between_their_CLFS_quarters()
    {
        var (exit, output, _) = Run("diff", "2025-05-01", "2026-05-01", "--codes", "0001U-0099U", "--no-amounts");
        Assert.Equal(0, exit);
        Assert.Contains("CLFS 2025 Q2 -> CLFS 2026 Q2: 0 lab rates added, 1 deleted, 1 changed", output, StringComparison.Ordinal);
        Assert.Contains("  0020M  0.00 (L) -> 2500.00 (N) (+2500.00)", output, StringComparison.Ordinal);
        Assert.Contains("  0033U  349.62 (N) -> -", output, StringComparison.Ordinal);
    }

    /// <summary>The ASP file is the UNVERIFIED reconstruction of the July 2026 file: routing and arithmetic only, not CMS's amounts.</summary>
    [Fact]
    public void A_data_folder_of_CLFS_and_ASP_files_prices_their_codes()
    {
        Directory.CreateDirectory(_folder);
        File.Copy(Data("PUF_CLFS_CY2026_Q2V1.txt"), Path.Combine(_folder, "PUF_CLFS_CY2026_Q2V1.txt"));
        File.Copy(Data("July 2026 ASP Pricing File.RECONSTRUCTED.csv"), Path.Combine(_folder, "July 2026 ASP Pricing File.csv"));
        var (exit, drug, error) = Run("price", "J0121", "--units", "100", "--date", "2026-07-15", "--data", _folder);
        Assert.True(exit == 0, error);
        Assert.Contains("Priced: allowed 418.80", drug, StringComparison.Ordinal);
        Assert.Contains("Medicare pays 337.03; coinsurance 81.77", drug, StringComparison.Ordinal);
        var (_, lab, _) = Run("price", "80053", "--date", "2026-05-04", "--data", _folder);
        Assert.Contains("Priced: allowed 10.56", lab, StringComparison.Ordinal);
        var (_, releases, _) = Run("releases", "--data", _folder);
        Assert.Contains("ASP 2026 Q3  effective 2026-07-01 through 2026-09-30  890 drug codes", releases, StringComparison.Ordinal);
    }
}
