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

    [Fact]
    public void Price_uses_the_January_2026_schedules_read_from_CMSs_workbooks()
    {
        // CLFS 2026 Q1 (only its workbook was published for the quarter), DMEPOS26_JAN with the 2026 Q1 rural ZIP file, PEN.
        var (_, lab, _) = Run("price", "80053", "--date", "2026-02-10", "--zip", "93101");
        Assert.Contains("80053 rate 10.56 (indicator N, national limit), effective 2026-01-01, CLFS 2026 Q1", lab, StringComparison.Ordinal);
        var (_, rural, _) = Run("price", "E0601", "-m", "RR", "--date", "2026-02-10", "--zip", "93101", "--beneficiary-zip", "90704");
        Assert.Contains("Priced: allowed 93.04", rural, StringComparison.Ordinal);
        Assert.Contains("E0601-RR CA (R) 93.04: beneficiary ZIP 90704, rural; category CR, DMEPOS 2026 Q1", rural, StringComparison.Ordinal);
        var (_, pen, _) = Run("price", "B4034", "--date", "2026-02-10", "--zip", "93101");
        Assert.Contains("Priced: allowed 3.83", pen, StringComparison.Ordinal);
        Assert.Contains("enteral and parenteral nutrition, DMEPOS PEN 2026 Q1", pen, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_json_names_the_schedule_and_its_file()
    {
        var (exit, json, _) = Run("price", "E0601", "-m", "RR", "--date", "2026-02-10", "--zip", "93101", "--beneficiary-zip", "90704", "--json");
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var schedule = doc.RootElement.GetProperty("schedule");
        Assert.Equal("Dmepos", schedule.GetProperty("kind").GetString());
        Assert.Equal("DMEPOS 2026 Q1", schedule.GetProperty("name").GetString());
        Assert.Equal("DMEPOS26_JAN.csv", schedule.GetProperty("file").GetString());
        Assert.Equal(93.04m, doc.RootElement.GetProperty("allowedAmount").GetDecimal());
        var (_, office, _) = Run("price", "99213", "--date", "2026-02-10", "--zip", "93101", "--json");
        Assert.False(System.Text.Json.JsonDocument.Parse(office).RootElement.TryGetProperty("schedule", out _)); // the physician fee schedule: no schedule object
    }

    [Fact]
    public void Releases_json_lists_every_schedule_with_its_kind()
    {
        var (exit, json, _) = Run("releases", "--json");
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var entries = doc.RootElement.EnumerateArray().Select(e => (Id: e.GetProperty("id").GetString(), Kind: e.GetProperty("schedule").GetString(), Rows: e.TryGetProperty("rows", out var r) ? r.GetInt32() : -1)).ToList();
        Assert.Contains(("RVU26C", "PhysicianFeeSchedule", -1), entries);
        Assert.Contains(("CLFS 2026 Q1", "ClinicalLaboratory", 2162), entries);
        Assert.Contains(("DMEPOS 2026 Q1", "Dmepos", 3515), entries);
        Assert.Contains(("DMEPOS PEN 2026 Q1", "DmeposNutrition", 50), entries);
        Assert.Contains(("DMEPOS ZIP 2026 Q1", "DmeposZipCodes", 32035), entries);
        Assert.Contains(("DMEPOS former CBA 2025 Q2", "DmeposFormerCba", 617), entries);
    }

    [Fact]
    public void Diff_json_carries_the_lab_rates_that_changed()
    {
        var (exit, json, _) = Run("diff", "2025-05-01", "2026-05-01", "--codes", "0001U-0099U", "--no-amounts", "--json");
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var lab = doc.RootElement.GetProperty("clinicalLab");
        Assert.Equal(("CLFS 2025 Q2", "CLFS 2026 Q2", 0, 1, 1), (lab.GetProperty("from").GetString(), lab.GetProperty("to").GetString(), lab.GetProperty("added").GetInt32(), lab.GetProperty("deleted").GetInt32(), lab.GetProperty("changed").GetInt32()));
        var changed = lab.GetProperty("rates").EnumerateArray().Single(r => r.GetProperty("hcpcs").GetString() == "0020M");
        Assert.Equal(("changed", 0m, "L", 2500m, "N"), (changed.GetProperty("change").GetString(), changed.GetProperty("from").GetProperty("rate").GetDecimal(), changed.GetProperty("from").GetProperty("indicator").GetString(),
            changed.GetProperty("to").GetProperty("rate").GetDecimal(), changed.GetProperty("to").GetProperty("indicator").GetString()));
        var (_, same, _) = Run("diff", "2026-05-01", "2026-05-02", "--codes", "0001U-0099U", "--no-amounts", "--json");
        Assert.False(System.Text.Json.JsonDocument.Parse(same).RootElement.TryGetProperty("clinicalLab", out _));
    }

    [Fact]
    public void Insights_and_the_price_page_state_a_lab_test_s_schedule_cost_sharing_and_rate_change()
    {
        var (exit, output, error) = Run("insights", "80053", "--date", "2026-04-06");
        Assert.True(exit == 0, error);
        Assert.Contains("[PartBSchedule] A clinical laboratory test, paid on the Clinical Laboratory Fee Schedule, not the physician fee schedule: CLFS 2026 Q2 on 2026-04-06, rate $10.56 per test.", output, StringComparison.Ordinal);
        Assert.Contains("[CostSharing] Medicare pays 100% of a clinical laboratory test: no Part B deductible and no coinsurance.", output, StringComparison.Ordinal);
        Assert.Contains("[LabRateChange] 80053's CLFS rate is unchanged from CLFS 2026 Q1: $10.56 in both quarters.", output, StringComparison.Ordinal);
        Assert.Contains("source: CLFS 2026 Q2 PUF_CLFS_CY2026_Q2V1.csv: 80053 rate 10.56 (indicator N, national limit)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[Price]", output, StringComparison.Ordinal);

        var (_, page, _) = Run("price", "80053", "--date", "2026-04-06");
        Assert.Contains("  [CostSharing] Medicare pays 100% of a clinical laboratory test", page, StringComparison.Ordinal);
        var (_, json, _) = Run("price", "80053", "--date", "2026-04-06", "--json");
        var facts = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("schedule").GetProperty("facts").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(3, facts.Count);
        Assert.StartsWith("80053's CLFS rate is unchanged", facts[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Insights_of_a_DME_item_take_the_beneficiary_zip_and_state_the_rural_amounts()
    {
        var (exit, output, error) = Run("insights", "E0601", "--date", "2025-05-06", "--beneficiary-zip", "90704");
        Assert.True(exit == 0, error);
        Assert.Contains("E0601-RR $91.03", output, StringComparison.Ordinal);
        Assert.Contains("[DmeposRural] In CA, DMEPOS 2025 Q2 pays rural ZIP codes differently:", output, StringComparison.Ordinal);
        Assert.Contains("E0601-RR rural $91.03, non-rural $49.12", output, StringComparison.Ordinal);
        Assert.Contains("[CostSharing] The Part B deductible applies; after it, Medicare pays 80% and the beneficiary 20% coinsurance.", output, StringComparison.Ordinal);
        var (_, none, _) = Run("insights", "E0601", "--date", "2025-05-06");
        Assert.Contains("give the beneficiary's ZIP code (BeneficiaryZip, --beneficiary-zip).", none, StringComparison.Ordinal);
        Assert.DoesNotContain("[DmeposRural]", none, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_compares_the_DMEPOS_amounts_per_row_and_state()
    {
        var (exit, text, error) = Run("diff", "2025-05-01", "2026-02-01", "--codes", "E0601", "--no-amounts");
        Assert.True(exit == 0, error);
        Assert.Contains("DMEPOS 2025 Q2 -> DMEPOS 2026 Q1: ", text, StringComparison.Ordinal);
        Assert.Contains("  E0601-RR  changed in ", text, StringComparison.Ordinal);
        Assert.Contains("    CA NR 49.12 -> 50.44, R 91.03 -> 93.04", text, StringComparison.Ordinal);
        var (_, json, _) = Run("diff", "2025-05-01", "2026-02-01", "--codes", "E0601", "--no-amounts", "--json");
        var rr = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("dmepos").GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("modifier").GetString() == "RR" && r.GetProperty("modifier2").GetString() == "");
        var ca = rr.GetProperty("states").EnumerateArray().Single(s => s.GetProperty("state").GetString() == "CA");
        Assert.Equal((49.12m, 50.44m, 91.03m, 93.04m), (ca.GetProperty("nonRuralFrom").GetDecimal(), ca.GetProperty("nonRuralTo").GetDecimal(), ca.GetProperty("ruralFrom").GetDecimal(), ca.GetProperty("ruralTo").GetDecimal()));
    }

    [Fact]
    public void Claim_files_take_a_beneficiary_zip_falling_back_to_the_service_zip()
    {
        Directory.CreateDirectory(_folder);
        var csv = Path.Combine(_folder, "claims.csv");
        File.WriteAllText(csv, "claim_id,line,date,hcpcs,modifiers,zip,beneficiary_zip\r\nC1,1,2026-02-10,E0601,RR,93101,90704\r\nC2,1,2026-02-10,E0601,RR,93101,\r\nC3,1,2026-02-10,E0601,RR,93101,9070\r\n");
        var output = Path.Combine(_folder, "out.csv");
        var (exit, _, error) = Run("reprice", csv, "-o", output);
        Assert.True(exit is 0 or 1, error);
        var lines = File.ReadAllLines(output);
        Assert.Contains(lines, l => l.StartsWith("C1,1,2026-02-10,E0601,RR,1,Priced,93.04,", StringComparison.Ordinal)); // rural 90704
        Assert.Contains(lines, l => l.StartsWith("C2,1,2026-02-10,E0601,RR,1,Priced,50.44,", StringComparison.Ordinal)); // the service ZIP
        var c3 = Assert.Single(lines, l => l.StartsWith("C3,", StringComparison.Ordinal));
        Assert.Contains("line 4 column beneficiary_zip: '9070' is not a ZIP code", c3, StringComparison.Ordinal);

        // A JSON lines claim file (adjudicate): beneficiaryZip, else zip. L8678 (its practitioner MUE allows a unit):
        // California non-rural 11.40, rural 27.22 in DMEPOS26_JAN.
        var jsonl = Path.Combine(_folder, "claims.jsonl");
        File.WriteAllText(jsonl, """{"claimId":"J1","zip":"93101","beneficiaryZip":"90704","lines":[{"date":"2026-02-10","hcpcs":"L8678","charge":100}]}""" + "\n"
            + """{"claimId":"J2","zip":"93101","lines":[{"date":"2026-02-10","hcpcs":"L8678","charge":100}]}""" + "\n");
        var jsonOut = Path.Combine(_folder, "out.jsonl");
        var (jsonExit, _, jsonError) = Run("adjudicate", jsonl, "-o", jsonOut);
        Assert.True(jsonExit == 0, jsonError);
        var allowed = File.ReadAllLines(jsonOut).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("allowed").GetDecimal()).ToList();
        Assert.Equal([27.22m, 11.40m], allowed);
    }

    [Fact]
    public void Data_add_takes_a_PEN_workbook_lists_uses_and_removes_it_and_refuses_a_damaged_one()
    {
        string dataDir = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        var pen = Path.Combine(_folder, "DMEPEN26_JAN.xlsx");
        File.Copy(Data("DMEPEN26_JAN.xlsx"), pen);
        var (exit, added, error) = Run("data", "add", pen, "--data-dir", dataDir);
        Assert.True(exit == 0, error);
        Assert.Contains("added DMEPOS PEN 2026 Q1 (50 rows, 36 codes, 53 states) from DMEPEN26_JAN.xlsx (sha256 b8bd71c84c85546c78565ab8a931faf5c844a15061a91023dd14c1fdaa43e1b7)", added, StringComparison.Ordinal);
        var (_, list, _) = Run("data", "list", "--data-dir", dataDir);
        Assert.Contains("DMEPEN26_JAN.xlsx  DMEPOS PEN 2026 Q1  sha256 b8bd71c84c85546c78565ab8a931faf5c844a15061a91023dd14c1fdaa43e1b7", list, StringComparison.Ordinal);
        var (_, releases, _) = Run("releases", "--data-dir", dataDir);
        Assert.Contains("DMEPEN26_JAN.xlsx", releases, StringComparison.Ordinal);
        var (_, priced, _) = Run("price", "B4034", "--date", "2026-02-10", "--zip", "93101", "--data-dir", dataDir);
        Assert.Contains("Priced: allowed 3.83", priced, StringComparison.Ordinal);
        Assert.Contains("DMEPEN26_JAN.xlsx sha256 b8bd71c8", priced, StringComparison.Ordinal);
        var (again, againOut, _) = Run("data", "add", pen, "--data-dir", dataDir);
        Assert.Equal(0, again);
        Assert.Contains("already in the data folder with the same bytes; nothing added", againOut, StringComparison.Ordinal);

        // Cut short: refused, naming the file and what is wrong; nothing added.
        var cut = Path.Combine(_folder, "cut", "DMEPOS26_JAN.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(cut)!);
        File.WriteAllBytes(cut, File.ReadAllBytes(pen)[..4000]);
        var (refused, _, message) = Run("data", "add", cut, "--data-dir", dataDir);
        Assert.Equal(2, refused);
        Assert.Contains("data add: DMEPOS26_JAN.xlsx is not a whole CMS DMEPOS (or PEN) fee schedule file: DMEPOS26_JAN.xlsx: the file is not a readable Excel workbook (.xlsx)", message, StringComparison.Ordinal);
        // A CLFS file cut between two rows loads, but has too few rows: refused as cut short.
        var half = Path.Combine(_folder, "PUF_CLFS_CY2026_Q2V1.txt");
        var text = File.ReadAllLines(Data("PUF_CLFS_CY2026_Q2V1.txt"));
        File.WriteAllLines(half, text[..(text.Length / 2)]);
        var (short_, _, shortMessage) = Run("data", "add", half, "--data-dir", dataDir);
        Assert.Equal(2, short_);
        Assert.Contains("data add: PUF_CLFS_CY2026_Q2V1.txt has ", shortMessage, StringComparison.Ordinal);
        Assert.Contains("rows where the smallest packaged Clinical Laboratory Fee Schedule file has 2,105: it looks cut short", shortMessage, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(dataDir, "schedules")), f => !f.EndsWith(".json", StringComparison.Ordinal));

        var (_, removed, _) = Run("data", "remove", "DMEPEN26_JAN.xlsx", "--data-dir", dataDir);
        Assert.Contains("removed DMEPEN26_JAN.xlsx", removed, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataDir, "schedules")));
    }

    /// <summary>
    /// The ASP file is an UNVERIFIED reconstruction of CMS's July 2026 file (no ASP file is packaged): an ASP file is held
    /// to the ASP files of other quarters already in the data folder, as the other kinds are to the packaged files.
    /// </summary>
    [Fact]
    public void Data_add_refuses_an_ASP_file_cut_short_against_the_ASP_files_already_added()
    {
        string dataDir = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        var july = Path.Combine(_folder, "July 2026 ASP Pricing File.csv");
        File.Copy(Data("July 2026 ASP Pricing File.RECONSTRUCTED.csv"), july);
        var (exit, added, error) = Run("data", "add", july, "--data-dir", dataDir);
        Assert.True(exit == 0, error); // the first: nothing to hold it to
        Assert.Contains("(890 drug codes)", added, StringComparison.Ordinal);

        // October's file cut in half: refused against July's 890 rows, nothing added.
        var text = File.ReadAllLines(july);
        text[Array.FindIndex(text, l => l.StartsWith("\"Effective July 1, 2026", StringComparison.Ordinal))] = "\"Effective October 1, 2026 through December 31, 2026\",,,,,,,,,,,,";
        var october = Path.Combine(_folder, "October 2026 ASP Pricing File.csv");
        File.WriteAllLines(october, text[..(text.Length / 2)]);
        var (refused, _, message) = Run("data", "add", october, "--data-dir", dataDir);
        Assert.Equal(2, refused);
        Assert.Contains("data add: October 2026 ASP Pricing File.csv has 440 rows where the smallest ASP drug payment limit file in the data folder has 890: it looks cut short", message, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(dataDir, "schedules")), f => !f.EndsWith(".json", StringComparison.Ordinal));

        // Whole, it is added.
        File.WriteAllLines(october, text);
        var (whole, _, wholeError) = Run("data", "add", october, "--data-dir", dataDir);
        Assert.True(whole == 0, wholeError);
    }

    [Theory]
    [InlineData("DMEPOS26_JAN.zip", "Dmepos")] // "ZIP" of the extension is not the ZIP code file's
    [InlineData("DMEPOS26_JAN.xlsx", "Dmepos")]
    [InlineData("DMEPEN26_JAN.xlsx", "Dmepos")]
    [InlineData("DME Rural ZIP Code Quarter 1 2026.csv", "DmeposZipCodes")]
    [InlineData("DMEZIPCodeQuarter2-2025.zip", "DmeposZipCodes")]
    [InlineData("formerCBA_APR2025.csv", "DmeposFormerCba")]
    [InlineData("clfs-cy2026-q2v1.zip", "ClinicalLab")]
    [InlineData("CLFS 2026 Q1V1.xlsx", "ClinicalLab")]
    [InlineData("PUF_CLFS_CY2026_Q2V1.txt", "ClinicalLab")]
    [InlineData("July 2026 ASP Pricing File.csv", "PartBDrugs")]
    [InlineData("RVU26A.zip", null)]
    [InlineData("ZIP5_OCT2025.txt", null)]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", null)]
    public void Schedule_files_are_known_by_CMSs_names(string name, string? kind)
        => Assert.Equal(kind, MedPayIQ.Pricing.ScheduleFileLocation.KindOf(name)?.ToString());
}
