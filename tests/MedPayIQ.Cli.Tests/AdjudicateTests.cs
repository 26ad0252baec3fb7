using System.Globalization;
using System.Text.Json;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using MedPayIQ.X12;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary><c>medpayiq adjudicate</c>, and <c>check</c> and <c>reprice</c> of an 837P, against the libraries.</summary>
public sealed class AdjudicateTests : IDisposable
{
    private static readonly string Hillside = Path.Combine(AppContext.BaseDirectory, "data", "x12", "hillside-two-transactions.837");
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    private static readonly ExpectedAdjudicator Library = new(Calculator, new NcciChecker(NcciCatalog.Create([PackagedNcci.AddOnEdits, PackagedNcci.PractitionerMue])));
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-adjudicate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    private static List<ExpectedClaim> Expected()
    {
        using var text = File.OpenText(Hillside);
        return [.. new ProfessionalClaimReader(text, "hillside").ReadClaims().Select(Library.Adjudicate)];
    }

    [Fact]
    public void An_837P_gives_the_libraries_remittance_as_835_CSV_and_JSON_lines()
    {
        var expected = Expected();
        var (exit, output, error) = CliRun.InProcess("adjudicate", Hillside, "-o", In("out.835"), "--json");
        Assert.Equal((0, ""), (exit, error));
        using (var summary = JsonDocument.Parse(output))
        {
            Assert.Equal(5, summary.RootElement.GetProperty("claims").GetInt32());
            Assert.Equal(expected.Sum(c => c.Payment), summary.RootElement.GetProperty("medicarePayment").GetDecimal());
            Assert.Equal(2, summary.RootElement.GetProperty("transactionsRead").GetInt32());
        }

        var remittance = File.ReadAllText(In("out.835"));
        var svc = remittance.Split('~').Select(s => s.Trim()).Where(s => s.StartsWith("SVC*", StringComparison.Ordinal)).Select(s => decimal.Parse(s.Split('*')[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected.SelectMany(c => c.Lines).Select(l => l.Payment), svc);
        Assert.Contains("TRN*1*EXPECTED-1-0001*", remittance, StringComparison.Ordinal);
        Assert.Equal(2, remittance.Split("~\nST*835*", StringSplitOptions.None).Length - 1); // one 835 transaction per payee and 837 transaction

        Assert.Equal(0, CliRun.InProcess("adjudicate", Hillside, "-o", In("out.csv")).Exit);
        var rows = File.ReadAllLines(In("out.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(expected.SelectMany(c => c.Lines).Select(l => l.Payment), rows.Select(r => decimal.Parse(r[9], CultureInfo.InvariantCulture)));
        Assert.Equal(expected.SelectMany(c => c.Lines).Select(l => string.Join(' ', l.Adjustments.Select(a => $"{a.Group}-{a.Reason}:{a.Amount.ToString("0.00", CultureInfo.InvariantCulture)}"))), rows.Select(r => r[11]));

        Assert.Equal(0, CliRun.InProcess("adjudicate", Hillside, "-o", In("out.txt"), "--format", "jsonl").Exit);
        var claims = File.ReadAllLines(In("out.txt")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected.Select(c => (c.ClaimId, c.Payment)), claims.Select(c => (c.GetProperty("claimId").GetString()!, c.GetProperty("payment").GetDecimal())));
        Assert.Equal("CO", claims[0].GetProperty("lines")[0].GetProperty("adjustments")[0].GetProperty("group").GetString());
    }

    [Fact]
    public void Claim_CSV_and_JSON_lines_are_adjudicated_like_the_library()
    {
        File.WriteAllText(In("claims.csv"), "claim_id,date,hcpcs,modifiers,units,pos,zip,charge\r\nK1,2026-07-07,99214,,3,11,10001,300\r\nK1,2026-07-07,20610,,1,11,10001,250\r\nK1,2026-07-07,11042,,1,11,10001,400\r\nK2,2025-11-03,27447,50,1,22,90210,6000\r\n");
        File.WriteAllText(In("claims.jsonl"), """
            {"claimId": "K1", "zip": "10001", "pos": "11", "lines": [{"date": "2026-07-07", "hcpcs": "99214", "units": 3, "charge": 300}, {"date": "2026-07-07", "hcpcs": "20610", "charge": 250}, {"date": "2026-07-07", "hcpcs": "11042", "charge": "400"}]}
            {"claimId": "K2", "zip": "90210", "pos": "22", "deductibleRemaining": 100, "lines": [{"date": "2025-11-03", "hcpcs": "27447", "modifiers": ["50"], "charge": 6000}]}
            """);
        var day = new DateOnly(2026, 7, 7);
        var claim = new Claim(
        [
            new ClaimLine(day, HcpcsCode.Parse("99214")) { Units = 3, BilledCharge = 300m, PlaceOfService = PlaceOfService.Parse("11") },
            new ClaimLine(day, HcpcsCode.Parse("20610")) { BilledCharge = 250m, PlaceOfService = PlaceOfService.Parse("11") },
            new ClaimLine(day, HcpcsCode.Parse("11042")) { BilledCharge = 400m, PlaceOfService = PlaceOfService.Parse("11") },
        ]) { Location = PricingLocation.OfZip("10001"), PlaceOfService = PlaceOfService.Parse("11"), ApplySequestration = true };
        var k1 = Library.Adjudicate("K1", claim);
        var k1WithDeductible = Library.Adjudicate("K1", claim with { DeductibleRemaining = 50m }); // --deductible 50 below
        Assert.NotNull(k1.Lines[0].Denial); // 99214 x 3: over its MUE

        Assert.Equal(0, CliRun.InProcess("adjudicate", In("claims.csv"), "-o", In("from-csv.jsonl")).Exit);
        Assert.Equal(0, CliRun.InProcess("adjudicate", In("claims.jsonl"), "-o", In("from-json.jsonl"), "--deductible", "50").Exit);
        foreach (var (file, expected) in new[] { ("from-csv.jsonl", k1), ("from-json.jsonl", k1WithDeductible) })
        {
            var first = JsonDocument.Parse(File.ReadLines(In(file)).First()).RootElement;
            Assert.Equal(expected.Lines.Select(l => l.Payment), first.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("payment").GetDecimal()));
            Assert.Equal("Denied", first.GetProperty("lines")[0].GetProperty("outcome").GetString());
        }

        // K2's deductible: none in the CSV (met), 100 in its JSON line (over --deductible 50).
        var fromCsv = JsonDocument.Parse(File.ReadLines(In("from-csv.jsonl")).Last()).RootElement;
        var fromJson = JsonDocument.Parse(File.ReadLines(In("from-json.jsonl")).Last()).RootElement;
        Assert.Equal(fromCsv.GetProperty("allowed").GetDecimal(), fromJson.GetProperty("allowed").GetDecimal());
        Assert.Equal(fromCsv.GetProperty("patientResponsibility").GetDecimal() + 80m, fromJson.GetProperty("patientResponsibility").GetDecimal()); // + 100 deductible - 20 % of it in coinsurance
    }

    [Fact]
    public void A_bad_transaction_is_reported_after_the_others_are_written()
    {
        var good = File.ReadAllText(Hillside);
        File.WriteAllText(In("bad.837"), good.Replace("CLM*C-3003*900*", "CLM*C-3003*9x0*", StringComparison.Ordinal));
        var (exit, output, error) = CliRun.InProcess("adjudicate", In("bad.837"), "-o", In("out.835"));
        Assert.Equal(2, exit);
        Assert.Contains("3 claims", output, StringComparison.Ordinal);
        Assert.Contains("1 of 2 transaction sets not read", error, StringComparison.Ordinal);
        Assert.Contains("ST02 0002", error, StringComparison.Ordinal);
        Assert.Contains("CLM02: found '9x0', expected the total claim charge", error, StringComparison.Ordinal);
        Assert.EndsWith("IEA*1*000000001~\n", File.ReadAllText(In("out.835")), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_and_reprice_read_an_837P()
    {
        var (exit, output, _) = CliRun.InProcess("check", Hillside, "--json");
        Assert.Equal(0, exit);
        using var checks = JsonDocument.Parse(output);
        Assert.Equal(["A-1001", "B-2002", "B-2003", "C-3003", "D-4004"], checks.RootElement.EnumerateArray().Select(c => c.GetProperty("claimId").GetString()));
        Assert.Contains("claim B-2002 (ISA13 000000101, GS06 1, ST02 0001)", CliRun.InProcess("check", Hillside).Out, StringComparison.Ordinal);

        Assert.Equal(0, CliRun.InProcess("reprice", Hillside, "-o", In("priced.csv")).Exit);
        var rows = File.ReadAllLines(In("priced.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        using var text = File.OpenText(Hillside);
        var claims = new ProfessionalClaimReader(text, "hillside", new X12ReadOptions { ApplySequestration = false }).ReadClaims().ToList();
        var priced = claims.SelectMany(c => Calculator.Price(c.Claim).Lines.Select(l => (c.ClaimId, l.AllowedAmount, l.MedicarePayment))).ToList();
        Assert.Equal(priced.Select(p => (p.ClaimId, p.AllowedAmount, p.MedicarePayment)),
            rows.Select(r => (r[0], decimal.Parse(r[7], CultureInfo.InvariantCulture), decimal.Parse(r[8], CultureInfo.InvariantCulture))));
        Assert.Equal(["1", "2", "1", "2", "3", "4", "1", "1", "1"], rows.Select(r => r[1])); // the LX numbers
    }

    [Fact]
    public void Anesthesia_base_units_come_from_a_file()
    {
        File.WriteAllText(In("base-units.csv"), "hcpcs,base_units\n00100,5\n");
        Assert.Equal(0, CliRun.InProcess("adjudicate", Hillside, "-o", In("out.jsonl"), "--base-units", In("base-units.csv")).Exit);
        using var text = File.OpenText(Hillside);
        var units = new Dictionary<HcpcsCode, int> { [HcpcsCode.Parse("00100")] = 5 };
        var anesthesia = new ProfessionalClaimReader(text, "hillside", new X12ReadOptions { AnesthesiaBaseUnits = units }).ReadClaims().Single(c => c.ClaimId == "C-3003");
        var expected = Library.Adjudicate(anesthesia);
        Assert.Equal(PriceOutcome.Priced, expected.Lines[0].Price!.Value.Outcome);
        var line = File.ReadLines(In("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Single(c => c.GetProperty("claimId").GetString() == "C-3003");
        Assert.Equal(expected.Payment, line.GetProperty("payment").GetDecimal());
        Assert.Equal("Priced", line.GetProperty("lines")[0].GetProperty("outcome").GetString());

        File.WriteAllText(In("bad-units.csv"), "00100,five\n");
        Assert.Contains("bad-units.csv line 1: '00100,five' is not a HCPCS code and a whole number of base units", CliRun.InProcess("adjudicate", Hillside, "-o", In("x.835"), "--base-units", In("bad-units.csv")).Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_837P_is_written_back_with_HCP_repricing_segments()
    {
        var expected = Expected();
        var (exit, output, _) = CliRun.InProcess("adjudicate", Hillside, "-o", In("repriced.837"), "--json");
        Assert.Equal(0, exit);
        using (var summary = JsonDocument.Parse(output))
        {
            Assert.Equal(expected.Sum(c => c.Payment), summary.RootElement.GetProperty("medicarePayment").GetDecimal());
        }

        var hcp = File.ReadAllText(In("repriced.837")).Split('~').Select(s => s.Trim()).Where(s => s.StartsWith("HCP*", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Count + expected.Sum(c => c.Lines.Length), hcp.Count);
        Assert.Equal($"HCP*02*{expected[0].Allowed.ToString("0.##", CultureInfo.InvariantCulture)}*{(expected[0].Charge - expected[0].Allowed).ToString("0.##", CultureInfo.InvariantCulture)}*MEDPAYIQ", hcp[0]);
        File.WriteAllText(In("claims.csv"), "claim_id,date,hcpcs\r\nK1,2026-07-07,99213\r\n");
        Assert.Contains("the claims must be an 837P", CliRun.InProcess("adjudicate", In("claims.csv"), "-o", In("x.837")).Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_usage_is_one_line()
    {
        Assert.Equal(2, CliRun.InProcess("adjudicate", Hillside, "-o", In("x.out"), "--format", "xml").Exit);
        var (exit, _, error) = CliRun.InProcess("adjudicate", Hillside, "-o", In("x.835"), "--deductible", "lots");
        Assert.Equal(2, exit);
        Assert.Contains("'lots' is not an amount", error, StringComparison.Ordinal);
        File.WriteAllText(In("not.837"), "ISA*00*short~");
        Assert.Contains("an ISA segment of 106 characters", CliRun.InProcess("adjudicate", In("not.837"), "-o", In("y.835")).Err, StringComparison.Ordinal);
    }
}
