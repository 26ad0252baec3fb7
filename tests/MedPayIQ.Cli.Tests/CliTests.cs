using System.Text.Json;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>The medpayiq tool run in-process on the packaged data.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess(args);

    [Fact]
    public void Rvu_shows_the_rows_of_77321_in_RVU25A()
    {
        var (exit, output, error) = Run("rvu", "77321", "--release", "RVU25A");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Conversion factor 32.3465", output, StringComparison.Ordinal);
        Assert.Contains("26  A       0.95    0.52     0.52    0.04      1.51      1.51     1 XXX", output, StringComparison.Ordinal);
        Assert.Contains("TC  A       0.00    1.34     1.34NA  0.01      1.35      1.35", output, StringComparison.Ordinal);
        Assert.Contains("descriptor not packaged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rvu_json_is_parseable_with_amounts_as_numbers()
    {
        var (exit, output, _) = Run("rvu", "77321", "--modifier", "TC", "--date", "2026-07-15", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("77321", root.GetProperty("hcpcs").GetString());
        Assert.Equal("RVU26C", root.GetProperty("release").GetProperty("id").GetString());
        Assert.Equal(33.4009m, root.GetProperty("release").GetProperty("conversionFactor").GetDecimal());
        var row = Assert.Single(root.GetProperty("rows").EnumerateArray().ToArray());
        Assert.Equal("TC", row.GetProperty("modifier").GetString());
        Assert.Equal(1.33m, row.GetProperty("nonFacilityPeRvu").GetDecimal());
        Assert.True(row.GetProperty("facilityNotApplicable").GetBoolean());
    }

    [Fact]
    public void Releases_lists_the_packaged_releases_with_hashes()
    {
        var (exit, output, _) = Run("releases");
        Assert.Equal(0, exit);
        Assert.Contains("RVU25A  effective 2025-01-01 through 2025-03-31  CF 32.3465", output, StringComparison.Ordinal);
        Assert.Contains("RVU26C  effective 2026-07-01 through 2026-09-30  CF 33.4009", output, StringComparison.Ordinal);
        Assert.Contains("sha256 fc106f49547d0821db8fc33eee4f532d4a90e41110976659f80ac9e3a438f26e", output, StringComparison.Ordinal);
        Assert.Contains("stands in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fees_pfall_for_01182_17_equals_every_line_of_the_CMS_sample_for_that_locality()
    {
        var (exit, output, error) = Run("fees", "--release", "RVU25A", "--carrier", "01182", "--locality", "17", "--format", "pfall");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        var ours = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var cms = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "PFCA25A.sample.txt")).Split("\r\n")
            .Where(l => l.StartsWith("\"2025\",\"01182\",\"17\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(242, cms.Length);
        Assert.All(cms, line => Assert.Contains(line, ours));
    }

    [Fact]
    public void Fees_with_the_PCF_flat_visit_fee_file_equals_CMS_Vermont_lines_and_without_it_writes_zero_in_field_12()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "data");
        var cms = File.ReadAllText(Path.Combine(data, "PF25A.pcf-vermont.excerpt.txt")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var (exit, output, error) = Run("fees", "--release", "RVU25A", "--carrier", "14512", "--locality", "50", "--pcf-flat-visit-fee", Path.Combine(data, "pcf-flat-visit-fee.pf25a.txt"));
        Assert.Equal(0, exit);
        Assert.Empty(error);
        var ours = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.All(cms, line => Assert.Contains(line, ours));

        var (plainExit, plain, _) = Run("fees", "--release", "RVU25A", "--carrier", "14512", "--locality", "50");
        Assert.Equal(0, plainExit);
        var plainLines = plain.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal(26, cms.Count(line => !plainLines.Contains(line)));
        Assert.Contains("\"2025\",\"14512\",\"50\",\"99213\",\"  \",\"0000087.09\",\"0000062.03\",\" \",\"0\",\"A\",\"0\",\"0000000.00\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"", plainLines);
    }

    [Fact]
    public void Fees_qp_writes_the_QPP_file_s_amounts_and_equals_the_non_QP_RVUs_with_CF_33_5675()
    {
        var (exit, qp, error) = Run("fees", "--release", "RVU26A", "--carrier", "01182", "--locality", "18", "--qp");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        var (_, nonQp, _) = Run("fees", "--release", "RVU26A", "--carrier", "01182", "--locality", "18");
        var qpLines = qp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var nonQpLines = nonQp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(nonQpLines.Length, qpLines.Length);
        Assert.Contains("\"2026\",\"01182\",\"18\",\"99213\",\"  \",\"0000105.41\",\"0000060.54\",", qp, StringComparison.Ordinal); // (1.30 x 1.041 + 1.46 x 1.183 + 0.09 x 0.664) x 33.5675 = 105.4101; facility PE 0.33: 60.5373
        Assert.Contains("\"2026\",\"01182\",\"18\",\"99213\",\"  \",\"0000104.89\",", nonQp, StringComparison.Ordinal);

        // RVU26B has no QPP file: the same non-QP RVUs with the QP CF give the same fee amounts as RVU26A's QPP file where RVUs agree.
        var (exitB, qpB, errorB) = Run("fees", "--release", "RVU26B", "--carrier", "01182", "--locality", "18", "--qp");
        Assert.Equal(0, exitB);
        Assert.Empty(errorB);
        Assert.Contains("\"2026\",\"01182\",\"18\",\"99213\",\"  \",\"0000105.41\",\"0000060.54\",", qpB, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_before_the_year_s_first_loaded_release_is_priced_with_the_nearest_and_exact_release_refuses()
    {
        var dir = Directory.CreateTempSubdirectory("medpayiq-rvu26c-only-");
        try
        {
            var release = Path.Combine(dir.FullName, "RVU26C");
            Directory.CreateDirectory(release);
            File.WriteAllBytes(Path.Combine(release, "PPRRVU2026_Jul_nonQPP.csv"), PackagedEntry("RVU26C/PPRRVU2026_Jul_nonQPP.csv"));

            var (exit, output, error) = Run("--data", dir.FullName, "price", "99213", "--national", "--date", "2026-03-02");
            Assert.Equal(0, exit);
            Assert.Empty(error);
            Assert.Contains("Priced: allowed 95.19   confidence Low (release in force not loaded; a later release of the year used)", output, StringComparison.Ordinal);
            Assert.Contains("RVU26A should apply to 2026-03-02 but is not loaded; priced with RVU26C", output, StringComparison.Ordinal);

            var (exact, outExact, _) = Run("--data", dir.FullName, "price", "99213", "--national", "--date", "2026-03-02", "--exact-release", "--fail-on-findings");
            Assert.Equal(1, exact);
            Assert.Contains("NoRelease", outExact, StringComparison.Ordinal);
            Assert.Contains("RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", outExact, StringComparison.Ordinal);

            // Never across years: RVU26C does not price 2025-12-31.
            var (never, neverOut, _) = Run("--data", dir.FullName, "price", "99213", "--national", "--date", "2025-12-31", "--fail-on-findings");
            Assert.Equal(1, never);
            Assert.Contains("No fee schedule release loaded for 2025 is effective on 2025-12-31; loaded: RVU26C.", neverOut, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_data_release_folder_takes_the_files_it_lacks_from_the_best_source_of_its_period_as_the_hosting_package_does()
    {
        // RVU25D with its PPRRVU file only (CMS ships the ZIP code file apart): GPCI, LOCCO, ANES, OPPSCAP and ZIP5 come
        // from the packaged RVU25D, and its provenance names each; a ZIP code then prices in its locality (was UnknownLocation).
        var dir = Directory.CreateTempSubdirectory("medpayiq-rvu25d-bare-");
        try
        {
            var release = Path.Combine(dir.FullName, "RVU25D");
            Directory.CreateDirectory(release);
            File.WriteAllBytes(Path.Combine(release, "PPRRVU2025_Oct.csv"), PackagedEntry("RVU25D/PPRRVU2025_Oct.csv"));

            var (exit, output, error) = Run("--data", dir.FullName, "price", "99213", "--zip", "90210", "--date", "2025-11-03", "--fail-on-findings");
            Assert.Equal(0, exit);
            Assert.Empty(error);
            Assert.Contains("allowed 98.19", output, StringComparison.Ordinal);

            var (listed, releases, _) = Run("--data", dir.FullName, "releases");
            Assert.Equal(0, listed);
            Assert.Contains("PPRRVU2025_Oct.csv", releases, StringComparison.Ordinal);
            foreach (var kind in new[] { "Gpci", "Zip5", "Anesthesia", "OppsCap", "LocalityCounties" })
            {
                Assert.Matches($@"note: \S+ \({kind}, sha256 [0-9a-f]{{64}}\) is taken from RVU25D \(MedPayIQ\.Pricing\.Data", releases);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] PackagedEntry(string entry)
    {
        using var s = typeof(MedPayIQ.Pricing.Data.PackagedFeeSchedules).Assembly.GetManifestResourceStream("MedPayIQ.Pricing.Data.cms.zip")!;
        using var zip = new System.IO.Compression.ZipArchive(s);
        using var e = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        e.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void Fees_csv_writes_a_header_and_one_row_per_code()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medpayiq-fees-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, _, _) = Run("fees", "--release", "RVU25D", "--carrier", "1112", "--locality", "5", "--format", "csv", "-o", path);
            Assert.Equal(0, exit);
            var lines = File.ReadAllLines(path);
            Assert.StartsWith("year,carrier,locality,hcpcs,modifier,non_facility_amount", lines[0], StringComparison.Ordinal);
            Assert.Contains("2025,01112,05,76145,,1339.81,1339.81,3,A,0,0.00,0.00,9,0.00,0.00", lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("is not a HCPCS code", "rvu", "7732")]
    [InlineData("is not a modifier", "rvu", "77321", "--modifier", "T")]
    [InlineData("is not a release id", "rvu", "77321", "--release", "2025")]
    [InlineData("release RVU24D is not loaded", "rvu", "77321", "--release", "RVU24D")]
    [InlineData("No fee schedule release loaded for 2027", "rvu", "77321", "--date", "2027-01-05")]
    [InlineData("is not a date", "rvu", "77321", "--date", "01/05/2025")]
    [InlineData("has no row for ZZZZZ", "rvu", "ZZZZZ", "--release", "RVU25D")]
    [InlineData("does not exist", "releases", "--data", "/nonexistent/medpayiq")]
    [InlineData("Unrecognized", "rvu", "77321", "--bogus")]
    [InlineData("has no locality 01182/99", "fees", "--release", "RVU25A", "--carrier", "01182", "--locality", "99")]
    [InlineData("give --carrier and --locality", "fees", "--release", "RVU25A")]
    [InlineData("is not a format", "fees", "--release", "RVU25A", "--all-localities", "--format", "xml")]
    [InlineData("--release", "fees", "--carrier", "01182", "--locality", "17")]
    [InlineData("does not exist", "fees", "--release", "RVU25A", "--all-localities", "--pcf-flat-visit-fee", "/nonexistent/pcf.txt")]
    [InlineData("is not a HCPCS code", "price", "7732", "--release", "RVU25A")]
    [InlineData("is not a modifier", "price", "27447", "-m", "8", "--release", "RVU25A")]
    [InlineData("modifier 80 is given twice", "price", "27447", "-m", "80", "-m", "80", "--release", "RVU25A")]
    [InlineData("is not a provider kind", "price", "99213", "--provider", "nurse", "--release", "RVU25A")]
    [InlineData("give one of --carrier with --locality, --zip or --national", "price", "99213", "--zip", "90210", "--national", "--release", "RVU25A")]
    [InlineData("give --carrier and --locality together", "price", "99213", "--carrier", "01182", "--release", "RVU25A")]
    [InlineData("is not a ZIP code", "price", "99213", "--zip", "9021", "--release", "RVU25A")]
    [InlineData("is not a place of service", "price", "99213", "--pos", "100", "--release", "RVU25A")]
    [InlineData("give --facility or --pos", "price", "99213", "--pos", "21", "--facility", "--release", "RVU25A")]
    [InlineData("give --release or --date", "price", "99213", "--date", "2025-01-02", "--release", "RVU25A")]
    [InlineData("is not an amount", "price", "99213", "--charge", "ten", "--release", "RVU25A")]
    [InlineData("does not exist", "reprice", "/nonexistent/claims.csv", "-o", "/tmp/out.csv")]
    [InlineData("--qp: RVU25D: CY2025 has one payment schedule; qualifying APM participants have their own conversion factor from 2026.", "fees", "--release", "RVU25D", "--carrier", "01182", "--locality", "17", "--qp")]
    [InlineData("--qp: RVU25A: CY2025 has one payment schedule", "fees", "--release", "RVU25A", "--all-localities", "--qp")]
    [InlineData("No fee schedule release loaded for 2027 is effective on 2027-01-05", "rvu", "77321", "--date", "2027-01-05", "--exact-release")]
    [InlineData("RVU25B is the release in force on 2025-05-01 and is not loaded; exact release selection refuses RVU25A, which covers dates through 2025-03-31.", "rvu", "77321", "--date", "2025-05-01", "--exact-release")]
    [InlineData("RVU25C is the release in force on 2025-08-01 and is not loaded", "diff", "2025-08-01", "2025-10-01", "--exact-release")]
    public void Bad_input_exits_2_with_one_line_naming_the_problem(string message, params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Help_is_available_on_every_command()
    {
        foreach (var args in new[] { new[] { "--help" }, ["rvu", "--help"], ["releases", "--help"], ["fees", "--help"], ["price", "--help"], ["reprice", "--help"], ["check", "--help"] })
        {
            var (exit, output, _) = Run(args);
            Assert.Equal(0, exit);
            Assert.Contains("Usage", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_readme_main_command_prints_92_51()
    {
        // The README's first command, run as it is written there.
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        string command = readme.SkipWhile(l => !l.StartsWith("```sh", StringComparison.Ordinal)).Skip(1).First().Split('#')[0].Trim();
        var args = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["price", "77321", "--national", "--release", "RVU25A"], args);
        var (exit, output, error) = Run(args);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Priced: allowed 92.51", output, StringComparison.Ordinal);
        Assert.Contains("x conversion factor 32.3465 = fee schedule amount 92.51", output, StringComparison.Ordinal);
        Assert.Contains("sha256 d6cdc8c6b81336e9a3b79e41d65feff1339fc563c3294397d73f1f9e994d019c", output, StringComparison.Ordinal);
        Assert.Contains("source: CMS RVU file readme", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_json_has_the_contract_fields_with_amounts_as_numbers()
    {
        var (exit, output, _) = Run("price", "77321", "-m", "26", "--carrier", "10112", "--locality", "00", "--date", "2025-11-03", "--nonpar", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var field in new[] { "hcpcs", "modifiers", "release", "carrier", "locality", "facility", "allowedAmount", "limitingCharge", "conversionFactor", "confidence", "steps" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        Assert.Equal("77321", root.GetProperty("hcpcs").GetString());
        Assert.Equal("26", root.GetProperty("modifiers")[0].GetString());
        Assert.Equal("RVU25D", root.GetProperty("release").GetProperty("id").GetString());
        Assert.Equal("10112", root.GetProperty("carrier").GetString());
        Assert.Equal("00", root.GetProperty("locality").GetString());
        Assert.False(root.GetProperty("facility").GetBoolean());
        Assert.Equal(Math.Round(46.09m * 0.95m, 2, MidpointRounding.AwayFromZero), root.GetProperty("allowedAmount").GetDecimal());
        Assert.Equal(Math.Round(46.09m * 1.0925m, 2, MidpointRounding.AwayFromZero), root.GetProperty("limitingCharge").GetDecimal());
        Assert.Equal(32.3465m, root.GetProperty("conversionFactor").GetDecimal());
        Assert.Equal("High", root.GetProperty("confidence").GetString());
        Assert.Contains(root.GetProperty("steps").EnumerateArray(), s => s.GetProperty("rule").GetString() == "non-participating" && s.GetProperty("factor").GetDecimal() == 0.95m);
    }

    [Fact]
    public void Price_json_carries_the_line_s_remittance_which_balances()
    {
        // 77321 RVU25A national, no billed charge: the charge is the fee 92.51, coinsurance PR-2 18.50, paid 74.01.
        var (exit, output, _) = Run("price", "77321", "--national", "--release", "RVU25A", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(92.51m, root.GetProperty("charge").GetDecimal());
        var adjustment = Assert.Single(root.GetProperty("adjustments").EnumerateArray());
        Assert.Equal("PR", adjustment.GetProperty("group").GetString());
        Assert.Equal("2", adjustment.GetProperty("reason").GetString());
        Assert.Equal(18.50m, adjustment.GetProperty("amount").GetDecimal());
        Assert.Equal(root.GetProperty("medicarePayment").GetDecimal(), root.GetProperty("charge").GetDecimal() - adjustment.GetProperty("amount").GetDecimal());
        Assert.Contains(root.GetProperty("steps").EnumerateArray(), s => s.TryGetProperty("remittance", out var r) && r.GetString() == "PR-2");
    }

    [Fact]
    public void Price_applies_the_claim_rules_of_the_line_modifiers_and_provider()
    {
        var (exit, output, _) = Run("price", "27447", "-m", "80,50", "--pos", "21", "--release", "RVU25A", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        decimal fee = doc.RootElement.GetProperty("feeScheduleAmount").GetDecimal();
        Assert.Equal(Math.Round(fee * 1.5m * 0.16m, 2, MidpointRounding.AwayFromZero), doc.RootElement.GetProperty("allowedAmount").GetDecimal());
        Assert.True(doc.RootElement.GetProperty("facility").GetBoolean());

        var (_, np, _) = Run("price", "99213", "--provider", "npp", "--release", "RVU25A", "--json");
        using var npDoc = JsonDocument.Parse(np);
        Assert.Equal(Math.Round(npDoc.RootElement.GetProperty("feeScheduleAmount").GetDecimal() * 0.85m, 2, MidpointRounding.AwayFromZero), npDoc.RootElement.GetProperty("allowedAmount").GetDecimal());
    }

    [Fact]
    public void Price_of_an_unpayable_line_is_an_answer_and_fails_only_when_asked()
    {
        var (exit, output, _) = Run("price", "99213", "-m", "26", "--release", "RVU25A");
        Assert.Equal(0, exit);
        Assert.Contains("InvalidModifier", output, StringComparison.Ordinal);
        Assert.Equal(1, Run("price", "99213", "-m", "26", "--release", "RVU25A", "--fail-on-findings").Exit);
        Assert.Equal(0, Run("price", "99213", "--release", "RVU25A", "--fail-on-findings").Exit);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
