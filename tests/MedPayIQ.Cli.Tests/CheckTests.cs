using System.Text.Json;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary><c>medpayiq check</c> on claim files, with CMS's PTP and MUE excerpts and the packaged add-on edits.</summary>
public sealed class CheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess(args);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Check_a_csv_claim_reports_the_ptp_denial_with_its_fix()
    {
        string claim = Write("claim.csv", "line,date,hcpcs,modifiers,units\r\n1,2023-06-01,0001A,,1\r\n2,2023-06-01,99213,25,1\r\n3,2023-06-01,0591T,,1\r\n");
        var (exit, output, error) = Run("check", claim, "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"));
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("PtpColumn2Denied  lines 1, 3  denied: line 3  CO-97", output, StringComparison.Ordinal);
        Assert.Contains("fix: If 0591T was a distinct service", output, StringComparison.Ordinal);
        Assert.Contains("sha256 61d8febbae7ef18f02faab25ce5b8de7afae61eed1aca4cbf44a9daf5e19a591", output, StringComparison.Ordinal);
        Assert.Equal(1, Run("check", claim, "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--fail-on-findings").Exit);
    }

    [Fact]
    public void Check_a_json_claim_uses_the_packaged_add_on_edits_by_default()
    {
        string claim = Write("claim.json", """{ "kind": "practitioner", "lines": [ { "date": "2026-05-01", "hcpcs": "0071U", "units": 1 }, { "date": "2026-05-01", "hcpcs": "0002M", "modifiers": ["91"], "units": 2 } ] }""");
        var (exit, output, _) = Run("check", claim, "--mue", Data("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToArray();
        Assert.Contains(findings, f => f.GetProperty("kind").GetString() == "AddOnWithoutPrimary" && f.GetProperty("denialCode").GetString() == "CO-107" && f.GetProperty("table").GetProperty("version").GetString() == "2026Q2");
        Assert.Contains(findings, f => f.GetProperty("kind").GetString() == "MueDateExceeded" && f.GetProperty("unitsOver").GetInt32() == 1);
        Assert.True(doc.RootElement.GetProperty("hasDenials").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no PtpPractitioner table", StringComparison.Ordinal));
    }

    [Fact]
    public void Price_shows_the_NCCI_facts_of_the_code()
    {
        var (exit, output, _) = Run("price", "0071U", "--date", "2026-05-01", "--mue", Data("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"));
        Assert.Equal(0, exit);
        // 0071U is on the CLFS (2026 Q2 rate 600.00): priced, so the insight states what is at risk.
        Assert.Contains("Add-on code (type 1): paid only with one of its primary codes, billed by the same practitioner the same day: 0070U; billed without a primary it is denied (CO-107): $600.00 at risk.", output, StringComparison.Ordinal);
        var (_, ptp, _) = Run("price", "0001A", "--date", "2026-07-15", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--json");
        using var doc = JsonDocument.Parse(ptp);
        Assert.True(doc.RootElement.GetProperty("ncci").GetProperty("ptp").GetArrayLength() >= 0);
        var (_, mue, _) = Run("price", "0001U", "--date", "2026-07-15", "--mue", Data("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), "--json");
        using var mueDoc = JsonDocument.Parse(mue);
        Assert.Equal(1, mueDoc.RootElement.GetProperty("ncci").GetProperty("mue").GetProperty("value").GetInt32());
        Assert.Equal(2, mueDoc.RootElement.GetProperty("ncci").GetProperty("mue").GetProperty("adjudicationIndicator").GetInt32());
    }

    [Fact]
    public void Price_states_the_library_s_NCCI_insights_and_its_json_carries_their_rows()
    {
        // ccipra-v322r0-f1 (excerpt): 67 edits with 0001U in force on 2026-07-15; the page lists 20 of them.
        var (exit, page, _) = Run("price", "0001U", "--date", "2026-07-15", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("67 PTP edits in force with 0001U [PtpPractitioner 32.2r0 (ccipra-v322r0-f1.excerpt.txt)]; 47 more not shown", page, StringComparison.Ordinal);
        Assert.Equal(20, page.Split('\n').Count(l => l.Contains(" is denied when billed with 0001U on the same date", StringComparison.Ordinal)));
        Assert.Contains("note: AddOn 2026Q2 (AOC_V2026Q2-MCR.csv): 0001U is not an add-on code, and no add-on code lists it as a primary.", page, StringComparison.Ordinal);

        var (_, json, _) = Run("price", "0001U", "--date", "2026-07-15", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--json");
        using var doc = JsonDocument.Parse(json);
        var ncci = doc.RootElement.GetProperty("ncci");
        Assert.Equal(67, ncci.GetProperty("ptp").GetArrayLength());
        Assert.All(ncci.GetProperty("ptp").EnumerateArray(), e => Assert.Equal("0001U", e.GetProperty("column1").GetString()));
        Assert.Equal("PtpPractitioner 32.2r0 (ccipra-v322r0-f1.excerpt.txt)", ncci.GetProperty("ptpTable").GetString());

        var (_, addOn, _) = Run("price", "99292", "--date", "2026-07-15", "--json");
        using var addOnDoc = JsonDocument.Parse(addOn);
        var facts = addOnDoc.RootElement.GetProperty("ncci");
        Assert.Equal(["99291"], facts.GetProperty("addOnPrimaries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, facts.GetProperty("addOnType").GetInt32());
        Assert.Contains("96160", facts.GetProperty("addOnsOfThisPrimary").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(facts.GetProperty("facts").EnumerateArray(), f => f.GetString()!.StartsWith("Add-on code (type 1)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_packaged_practitioner_MUE_table_is_used_out_of_the_box_and_json_lists_every_denied_line()
    {
        // CMS's practitioner MUE table effective 2026-04-01: 77321, 1 unit, MAI 2 (a date of service edit).
        string claim = Write("claim.csv", "date,hcpcs,modifiers,units\r\n2026-05-04,77321,,1\r\n2026-05-04,99213,25,1\r\n2026-05-04,77321,76,1\r\n");
        var (exit, output, _) = Run("check", claim, "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var mue = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "MueDateExceeded");
        Assert.Equal([1, 3], mue.GetProperty("deniedLines").EnumerateArray().Select(n => n.GetInt32()));
        Assert.Equal(1, mue.GetProperty("deniedLine").GetInt32());
        Assert.Equal("2026-04-01", mue.GetProperty("table").GetProperty("version").GetString());
        Assert.Contains("denied: lines 1, 3", Run("check", claim).Out, StringComparison.Ordinal);

        var (_, price, _) = Run("price", "77321", "--date", "2026-05-04", "--json");
        using var priceDoc = JsonDocument.Parse(price);
        Assert.Equal(1, priceDoc.RootElement.GetProperty("ncci").GetProperty("mue").GetProperty("value").GetInt32());
        Assert.Equal(2, priceDoc.RootElement.GetProperty("ncci").GetProperty("mue").GetProperty("adjudicationIndicator").GetInt32());

        var (_, insights, _) = Run("insights", "77321", "--date", "2026-05-04");
        Assert.Contains("[UnitsLimit] Bill at most 1 unit per date of service", insights, StringComparison.Ordinal);
        Assert.Contains("source: MuePractitioner 2026-04-01 MCR_MUE_PractitionerServices_Eff_04-01-2026.csv: 77321: MUE 1, MAI 2", insights, StringComparison.Ordinal);
    }

    [Fact]
    public void Ncci_compile_writes_a_snapshot_that_check_price_and_the_data_folder_take_like_the_files()
    {
        string snapshot = Path.Combine(_folder, "ncci-2026.ncci");
        var (exit, output, error) = Run("ncci", "compile", Data("ccipra-v322r0-f1.excerpt.txt"), Data("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), "-o", snapshot);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("PtpPractitioner 32.2r0 (from 2026-07-01): 155 rows from ccipra-v322r0-f1.excerpt.txt", output, StringComparison.Ordinal);
        Assert.Contains("ncci-2026.ncci: ", output, StringComparison.Ordinal);
        Assert.Contains("snapshot format 3, sha256 ", output, StringComparison.Ordinal);

        string claim = Write("claim.csv", "line,date,hcpcs,modifiers,units\r\n1,2023-06-01,0001A,,1\r\n2,2023-06-01,99213,59,1\r\n3,2023-06-01,0591T,,1\r\n");
        var text = Run("check", claim, "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--mue", Data("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), "--json").Out;
        Assert.Equal(text, Run("check", claim, "--ptp", snapshot, "--json").Out);
        Assert.Contains("does not bypass an edit (processed as if absent)", text, StringComparison.Ordinal);

        var folder = Directory.CreateDirectory(Path.Combine(_folder, "cms")).FullName;
        File.Copy(snapshot, Path.Combine(folder, "ncci-2026.ncci"));
        Assert.Equal(text, Run("check", claim, "--data", folder, "--json").Out);

        // A PTP file given beside the snapshot that is not the one it was compiled from: stale.
        string changed = Write("ccipra-v322r0-f1.excerpt.txt", File.ReadAllText(Data("ccipra-v322r0-f1.excerpt.txt")).Replace("20231231", "20241231", StringComparison.Ordinal));
        var (staleExit, _, stale) = Run("check", claim, "--ptp", snapshot, "--ptp", changed);
        Assert.Equal(2, staleExit);
        Assert.Contains("ncci-2026.ncci: is stale: it was compiled from ccipra-v322r0-f1.excerpt.txt", stale, StringComparison.Ordinal);

        var (badExit, _, bad) = Run("check", claim, "--ptp", Write("cut.ncci", File.ReadAllText(snapshot)[..100]));
        Assert.Equal(2, badExit);
        Assert.Contains("cut.ncci", bad, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claim.csv", "date,hcpcs\r\n2023-06-01,BAD\r\n", "line 2 column hcpcs: 'BAD' is not a HCPCS code")]
    [InlineData("claim.json", "{ \"lines\": [ { \"date\": \"06/01/2023\", \"hcpcs\": \"99213\" } ] }", "claim.json lines[0].date: '06/01/2023' is not a date")]
    [InlineData("claim.json", "{ \"lines\": [ ", "not valid JSON")]
    [InlineData("claim.csv", "hcpcs\r\n99213\r\n", "the header has no date column")]
    public void Bad_claim_files_exit_2_with_the_place_of_the_problem(string name, string content, string message)
    {
        var (exit, _, error) = Run("check", Write(name, content));
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_NCCI_file_exits_2_naming_its_line()
    {
        string bad = Write("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A\t0591T\t\t2022-01-01\t*\t1\tx\r\n");
        var (exit, _, error) = Run("check", Write("claim.csv", "date,hcpcs\r\n2023-06-01,0001A\r\n"), "--ptp", bad);
        Assert.Equal(2, exit);
        Assert.Contains("ccipra-v322r0-f1.txt line 2, column 4 (Effective Date)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_folder_NCCI_files_are_used_like_the_options()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "cms")).FullName;
        File.Copy(Data("ccipra-v322r0-f1.excerpt.txt"), Path.Combine(folder, "ccipra-v322r0-f1.txt"));
        string claim = Write("claim.csv", "date,hcpcs\r\n2023-06-01,0001A\r\n2023-06-01,0591T\r\n");
        var (exit, output, _) = Run("check", claim, "--data", folder);
        Assert.Equal(0, exit);
        Assert.Contains("PtpColumn2Denied", output, StringComparison.Ordinal);
        Assert.Contains("AddOn 2026Q2", output, StringComparison.Ordinal);
    }
}
